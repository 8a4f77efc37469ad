package io.vipwarden.agent.lint;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.TestFiles;
import io.vipwarden.agent.keepalived.KeepalivedConf;
import io.vipwarden.events.LintFinding;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The linter against the real thing: Debian's keepalived checks the same files with
 * {@code keepalived -t -f FILE}, and every problem it reports on a line must be a lint finding on
 * that line of that file. (keepalived also prints line-less notes, e.g. about script security; those
 * have no line to compare.)
 */
class KeepalivedCrossCheckIT {
    private static final Path KEEPALIVED = Path.of("/usr/sbin/keepalived");
    private static final Pattern PROBLEM = Pattern.compile("^\\((.+?): Line (\\d+)\\) (.*)$");

    record Reported(String file, int line, String message) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"alibaba-node-a.conf", "tencent-node-a.conf", "private-cloud/keepalived.conf",
            "broken-cloud.conf", "broken-tracking.conf"})
    void shouldFindEveryProblemKeepalivedReportsOnTheSameLine(String name) throws Exception {
        assertTrue(Files.isExecutable(KEEPALIVED), "this test needs Debian's keepalived: apt-get install keepalived");
        Path file = TestFiles.keepalived(name);
        List<Reported> reported = keepalivedCheck(file);
        List<LintFinding> findings = Linter.lint(KeepalivedConf.load(file), LintContext.fileOnly());
        List<String> missed = new ArrayList<>();
        for (Reported r : reported) {
            boolean found = findings.stream().anyMatch(f -> f.line() == r.line()
                    && Path.of(f.file()).getFileName().toString().equals(Path.of(r.file()).getFileName().toString()));
            if (!found) {
                missed.add(r.file() + ":" + r.line() + " " + r.message());
            }
        }
        assertTrue(missed.isEmpty(), "keepalived reported problems the linter did not find:\n  "
                + String.join("\n  ", missed) + "\nlint findings:\n" + LintReport.text(findings));
        if (name.startsWith("broken")) {
            assertFalse(reported.isEmpty(), "keepalived should object to " + name);
            assertTrue(Linter.hasError(findings), name + " must have lint errors");
        } else {
            assertTrue(reported.isEmpty(), "the vendor-guide config " + name + " should pass keepalived -t: " + reported);
            assertFalse(Linter.hasError(findings), LintReport.text(findings));
        }
    }

    private static List<Reported> keepalivedCheck(Path file) throws Exception {
        Process p = new ProcessBuilder(KEEPALIVED.toString(), "-t", "-f", file.toString())
                .directory(file.getParent().toFile()).redirectErrorStream(true).start();
        // keepalived 2.2.7 can hang after its checks on some broken files; what it printed is what counts
        boolean exited = p.waitFor(20, TimeUnit.SECONDS);
        if (!exited) {
            p.destroyForcibly();
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        List<Reported> out = new ArrayList<>();
        for (String line : output.split("\n")) {
            Matcher m = PROBLEM.matcher(line.trim());
            if (m.matches()) {
                out.add(new Reported(m.group(1), Integer.parseInt(m.group(2)), m.group(3)));
            }
        }
        return out;
    }
}
