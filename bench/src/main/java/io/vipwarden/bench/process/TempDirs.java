package io.vipwarden.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/** The benchmarks' temporary directories. */
public final class TempDirs {
    private TempDirs() {
    }

    /** Deletes {@code dir} and everything in it; a leftover is not worth failing a finished benchmark for. */
    public static void delete(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("[bench] could not delete " + dir + ": " + e);
        }
    }
}
