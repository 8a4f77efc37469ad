package io.vipwarden.deploy;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real tools the deployment checks need (dpkg-deb, systemd-analyze, ansible-playbook,
 * keepalived). CI installs them, so under {@code CI=true} a missing tool fails the test; on a
 * developer machine without the tool the test is skipped, saying which tool is missing.
 */
final class Tools {
    private Tools() {
    }

    /** The repository root (the module's ../..), passed by the build. */
    static Path repoRoot() {
        return Path.of(System.getProperty("vipwarden.repo.root", "../..")).toAbsolutePath().normalize();
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Skips locally, fails in CI, when an executable is not on PATH. */
    static void require(String executable) {
        boolean found = onPath(executable);
        if (!found && inCi()) {
            fail(executable + " is not installed, but CI must run this check (see APT_PACKAGES in .ci/run)");
        }
        assumeTrue(found, executable + " is not installed; skipping (CI installs it)");
    }

    /** Skips locally, fails in CI, when the tests do not run as root (network namespaces need it). */
    static void requireRoot() {
        boolean root = "root".equals(System.getProperty("user.name"));
        if (!root && inCi()) {
            fail("this check needs root (unshare --net) and CI runs as root");
        }
        assumeTrue(root, "not root; skipping the network-namespace part");
    }

    static boolean onPath(String executable) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, executable))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", executable)) || Files.isExecutable(Path.of("/sbin", executable));
    }

    record Result(int exit, String output) {
        Result assertSuccess(String what) {
            if (exit != 0) {
                fail(what + " exited " + exit + ":\n" + output);
            }
            return this;
        }
    }

    static Result run(List<String> command, Path dir, Duration timeout) {
        return run(command, dir, timeout, Map.of());
    }

    /** Runs a command with stderr merged into stdout; kills it at the timeout and fails. */
    static Result run(List<String> command, Path dir, Duration timeout, Map<String, String> env) {
        try {
            Path out = Files.createTempFile("vipwarden-tool", ".out");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                        .redirectOutput(out.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.descendants().forEach(ProcessHandle::destroyForcibly);
                    p.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                            + Files.readString(out, StandardCharsets.UTF_8));
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
