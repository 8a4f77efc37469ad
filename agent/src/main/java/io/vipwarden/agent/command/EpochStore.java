package io.vipwarden.agent.command;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The highest epoch (fencing token) this agent has seen per HaVip, kept in a file so a restarted
 * agent still refuses a stale command. Written before the command is executed (atomic rename).
 */
public final class EpochStore {
    private final Path file;
    private final Map<String, Long> highest = new HashMap<>();

    private EpochStore(Path file) {
        this.file = file;
    }

    public static EpochStore open(Path file) throws IOException {
        EpochStore store = new EpochStore(file);
        if (Files.exists(file)) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String name : p.stringPropertyNames()) {
                store.highest.put(name, Long.parseLong(p.getProperty(name).trim()));
            }
        }
        return store;
    }

    /** -1 when no command for the HaVip has been seen. */
    public synchronized long highest(String havipId) {
        return highest.getOrDefault(havipId, -1L);
    }

    /** Records {@code epoch} when it is higher than what is known, and persists it. */
    public synchronized void raise(String havipId, long epoch) {
        if (epoch <= highest(havipId)) {
            return;
        }
        highest.put(havipId, epoch);
        Properties p = new Properties();
        new TreeMap<>(highest).forEach((k, v) -> p.setProperty(k, Long.toString(v)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "highest epoch seen per HaVip; the agent refuses commands with a lower epoch");
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist epochs to " + file, e);
        }
    }
}
