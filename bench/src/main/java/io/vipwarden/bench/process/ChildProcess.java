package io.vipwarden.bench.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A program a benchmark runs beside itself: a vipwarden service in its own JVM, as the launcher
 * starts it, or a system program such as keepalived. Its output goes to a log file so a failure can
 * be read afterwards; it is stopped with SIGTERM, then SIGKILL after a grace period.
 */
public final class ChildProcess implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String what;

    private ChildProcess(Process process, Path log, String what) {
        this.process = process;
        this.log = log;
        this.what = what;
    }

    /**
     * Starts {@code command} with {@code environment} added to ours, its stdout and stderr into {@code log}.
     *
     * @param what names the child in error messages ("the gateway")
     */
    public static ChildProcess start(String what, List<String> command, Map<String, String> environment, Path log)
            throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(environment);
        return new ChildProcess(pb.start(), log, what);
    }

    /**
     * Starts {@code java OPTS -jar JAR ARGS} if {@code jar} exists, else {@code java OPTS -cp OURS MAIN ARGS}.
     *
     * @param jvmOptions whitespace-separated JVM options (the launcher's default_jvm_opts)
     */
    public static ChildProcess startJvm(String what, Path jar, String mainClass, String jvmOptions, List<String> args,
            Path log) throws IOException {
        return startJvm(what, jar, mainClass, Map.of(), jvmOptions, args, log);
    }

    /** As {@link #startJvm(String, Path, String, String, List, Path)}, with {@code environment} added to ours. */
    public static ChildProcess startJvm(String what, Path jar, String mainClass, Map<String, String> environment,
            String jvmOptions, List<String> args, Path log) throws IOException {
        List<String> launch = jar != null && Files.isRegularFile(jar) ? List.of("-jar", jar.toString())
                : List.of("-cp", System.getProperty("java.class.path"), mainClass);
        return start(what, launch, environment, jvmOptions, args, log);
    }

    /**
     * Starts {@code java OPTS -cp CLASSPATH MAIN ARGS}: for a JVM whose class path must not be the
     * benchmark's (its 47,000-entry jar directory alone is several MiB of a child's heap).
     */
    public static ChildProcess startWithClassPath(String what, List<Path> classPath, String mainClass,
            Map<String, String> environment, String jvmOptions, List<String> args, Path log) throws IOException {
        String cp = String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList());
        return start(what, List.of("-cp", cp, mainClass), environment, jvmOptions, args, log);
    }

    /**
     * Copies the class file of {@code main} (one class, no nested classes or lambdas) under {@code dir},
     * to start it with {@link #startWithClassPath} and {@code dir} as class path. @return {@code dir}
     */
    public static Path classDirectory(Class<?> main, Path dir) throws IOException {
        String file = main.getName().replace('.', '/') + ".class";
        Path target = dir.resolve(file);
        Files.createDirectories(target.getParent());
        try (java.io.InputStream in = main.getClassLoader().getResourceAsStream(file)) {
            if (in == null) {
                throw new IOException("no class file for " + main.getName());
            }
            Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        return dir;
    }

    private static ChildProcess start(String what, List<String> launch, Map<String, String> environment,
            String jvmOptions, List<String> args, Path log) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (jvmOptions != null && !jvmOptions.isBlank()) {
            cmd.addAll(Arrays.asList(jvmOptions.trim().split("\\s+")));
        }
        cmd.addAll(launch);
        cmd.addAll(args);
        return start(what, cmd, environment, log);
    }

    public long pid() {
        return process.pid();
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** The last lines of the child's output, for error messages. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Fails with the child's last output if it has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(what + " exited with " + process.exitValue() + ":\n" + tail(30));
        }
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            stop(Duration.ofSeconds(10));
        }
    }
}
