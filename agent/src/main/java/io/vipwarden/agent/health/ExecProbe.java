package io.vipwarden.agent.health;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a program (no shell): healthy on exit code 0 within the timeout; killed when it overruns. */
final class ExecProbe implements Probe {
    private final List<String> command;
    private final long timeoutMs;

    ExecProbe(List<String> command, long timeoutMs) {
        this.command = List.copyOf(command);
        this.timeoutMs = timeoutMs;
    }

    @Override
    public Outcome run() {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return new Outcome(false, "cannot start " + command.get(0) + ": " + e.getMessage());
        }
        try {
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                return new Outcome(false, "timed out after " + timeoutMs + " ms");
            }
            int code = process.exitValue();
            return new Outcome(code == 0, "exit code " + code);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Outcome(false, "interrupted");
        }
    }
}
