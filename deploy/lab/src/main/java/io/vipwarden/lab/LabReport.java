package io.vipwarden.lab;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vipwarden.lab.scenario.ScenarioResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The JSON report of a lab run: where it ran, one verdict per scenario with its timings and checks.
 */
public record LabReport(Instant startedAt, Instant finishedAt, String keepalivedVersion, String kernel,
                        boolean passed, List<ScenarioResult> scenarios) {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    public static LabReport of(Instant startedAt, Instant finishedAt, List<ScenarioResult> scenarios) {
        return new LabReport(startedAt, finishedAt, detectKeepalivedVersion(), System.getProperty("os.version"),
                !scenarios.isEmpty() && scenarios.stream().allMatch(ScenarioResult::passed), List.copyOf(scenarios));
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new LabException("cannot write the lab report: " + e.getMessage(), e);
        }
    }

    public void writeTo(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson() + "\n");
    }

    /** The first line of {@code keepalived --version}, e.g. {@code Keepalived v2.2.7 (01/16,2022)}. */
    static String detectKeepalivedVersion() {
        try {
            Commands.Result result = Commands.run(List.of(Preflight.which("keepalived"), "--version"));
            String all = (result.stdout() + result.stderr()).strip();
            return all.isEmpty() ? "unknown" : all.lines().findFirst().orElse("unknown");
        } catch (LabException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
