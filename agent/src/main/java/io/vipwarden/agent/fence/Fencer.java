package io.vipwarden.agent.fence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Demotes and restores this node for one HaVip: writes keepalived's weight-0 {@code track_file}
 * (1 = fenced: keepalived puts the instance in FAULT and releases the VIP; 0 = not fenced), or runs
 * a fence script. Also makes keepalived re-announce the VIP. Every method returns what happened and
 * never throws.
 */
public final class Fencer {
    private final long timeoutMs;

    public Fencer(long timeoutMs) {
        this.timeoutMs = timeoutMs;
    }

    /** What an action did. */
    public record Result(boolean ok, String detail) {
    }

    /** Writes the value atomically (rename), so keepalived never reads a half-written file. */
    public Result writeTrackFile(Path file, int value) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = dir.resolve("." + file.getFileName() + ".tmp");
            Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return new Result(true, "wrote " + value + " to " + file);
        } catch (IOException e) {
            return new Result(false, "cannot write " + file + ": " + e);
        }
    }

    /** Whether the track file holds a non-zero integer (what keepalived reads as FAULT). */
    public static boolean fenced(Path file) {
        if (file == null) {
            return false;
        }
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return !text.isEmpty() && Long.parseLong(text.split("\\s+")[0]) != 0;
        } catch (IOException | NumberFormatException e) {
            return false;
        }
    }

    /** Runs a program with arguments (no shell); success is exit code 0 within the timeout. */
    public Result run(List<String> command) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(false, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return new Result(false, command.get(0) + " timed out after " + timeoutMs + " ms");
            }
            String output = new String(process.getInputStream().readNBytes(2048), StandardCharsets.UTF_8).trim();
            int code = process.exitValue();
            return new Result(code == 0, command.get(0) + " exited " + code + (output.isEmpty() ? "" : ": " + output));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        } catch (IOException e) {
            return new Result(false, "cannot read output of " + command.get(0) + ": " + e.getMessage());
        }
    }

    /** Sends a signal number to the process in the pid file (keepalived), through kill(1). */
    public Result signal(Path pidFile, int signal) {
        String pid;
        try {
            pid = Files.readString(pidFile, StandardCharsets.US_ASCII).trim();
            Long.parseLong(pid);
        } catch (IOException | NumberFormatException e) {
            return new Result(false, "cannot read a pid from " + pidFile + ": " + e.getMessage());
        }
        return run(List.of("kill", "-" + signal, pid));
    }

    /** Splits a command template on spaces and fills {name} placeholders in each word. */
    public static List<String> template(String template, java.util.Map<String, String> values) {
        List<String> out = new ArrayList<>();
        for (String word : template.trim().split("\\s+")) {
            String w = word;
            for (var e : values.entrySet()) {
                w = w.replace("{" + e.getKey() + "}", e.getValue() == null ? "" : e.getValue());
            }
            out.add(w);
        }
        return out;
    }
}
