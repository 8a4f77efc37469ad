package io.vipwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code systemd-analyze verify} on the three units, in a scratch root laid out like a node: the
 * host's systemd units, a java executable at /usr/bin/java (what Debian's java alternative gives),
 * the agent's files from the built .deb, and the jars' paths. verify wants every ExecStart binary
 * to exist; the scratch root gives it exactly the files a real install has, nothing faked in the
 * units themselves. Any diagnostic (even an "unknown key" warning, which verify reports with exit
 * 0) fails the test.
 */
class SystemdUnitsIT {
    private static final Duration T = Duration.ofSeconds(60);
    private static final List<String> UNITS = List.of(
            "vipwarden-agent.service", "vipwarden-coordinator.service", "vipwarden-gateway.service");
    private static final Pattern EXPOSURE = Pattern.compile("Overall exposure level for (\\S+): ([0-9.]+)");

    @TempDir
    Path tmp;
    private Path root;

    @BeforeEach
    void layOutANode() throws IOException {
        Tools.require("systemd-analyze");
        Tools.require("dpkg-deb");
        root = tmp.resolve("root");
        Path hostUnits = Files.isDirectory(Path.of("/usr/lib/systemd/system")) ? Path.of("/usr/lib/systemd/system")
                : Path.of("/lib/systemd/system");
        copyTree(hostUnits, root.resolve("usr/lib/systemd/system"));
        Path deb = Path.of(System.getProperty("vipwarden.deb.dir", "target"), "vipwarden-agent.deb");
        Tools.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), tmp, T).assertSuccess("dpkg-deb -x");
        Files.createDirectories(root.resolve("usr/bin"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java").toRealPath();
        Files.copy(java, root.resolve("usr/bin/java"), StandardCopyOption.COPY_ATTRIBUTES);
        Path etc = Files.createDirectories(root.resolve("etc/systemd/system"));
        for (String unit : UNITS) {
            Files.copy(Tools.repoRoot().resolve("deploy/systemd/" + unit), etc.resolve(unit), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @AfterEach
    void cleanUp() {
        Tools.deleteTree(root);
    }

    @Test
    void shouldPassSystemdAnalyzeVerifyWithoutAnyDiagnostic() {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify", "--man=no", "--root=" + root));
        command.addAll(UNITS);
        Tools.Result r = Tools.run(command, tmp, T);
        assertEquals(0, r.exit(), "systemd-analyze verify failed:\n" + r.output());
        assertEquals("", r.output().strip(), "systemd-analyze verify should print nothing");
    }

    @Test
    void shouldVerifyTheUnitTheDebInstallsToo() throws IOException {
        // The .deb ships its own copy of the agent unit; it must be the reviewed one.
        assertEquals(Files.readString(Tools.repoRoot().resolve("deploy/systemd/vipwarden-agent.service")),
                Files.readString(root.resolve("lib/systemd/system/vipwarden-agent.service")));
    }

    /** Hardening is measured, not asserted to a number: the exposure scores go to the test log. */
    @Test
    void shouldRateEveryUnitBelowMediumExposure() {
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "security", "--offline=yes", "--no-pager",
                "--root=" + root));
        command.addAll(UNITS);
        Tools.Result r = Tools.run(command, tmp, T);
        Matcher m = EXPOSURE.matcher(r.output());
        int rated = 0;
        while (m.find()) {
            rated++;
            double exposure = Double.parseDouble(m.group(2));
            System.out.println("systemd-analyze security: " + m.group(1) + " exposure " + exposure);
            // systemd calls 0-3.9 "OK"; everything above is MEDIUM or worse.
            assertTrue(exposure < 4.0, m.group(1) + " exposure " + exposure + " is MEDIUM or worse:\n" + r.output());
        }
        assertEquals(UNITS.size(), rated, "every unit should be rated:\n" + r.output());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
