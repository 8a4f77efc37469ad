package io.vipwarden.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's .deb, read back with dpkg-deb and installed into a scratch root with systemd's own tools. */
class DebPackageIT {
    private static final Duration T = Duration.ofSeconds(60);
    private static final Pattern ENTRY = Pattern.compile("^(\\S+)\\s+(\\S+)\\s+\\d+\\s+\\S+\\s+\\S+\\s+\\./(.*)$");

    @TempDir
    Path tmp;
    private Path deb;

    @BeforeEach
    void findPackage() {
        Tools.require("dpkg-deb");
        deb = Path.of(System.getProperty("vipwarden.deb.dir", "target"), "vipwarden-agent.deb");
        assertTrue(Files.isRegularFile(deb), "the build should have made " + deb.toAbsolutePath());
    }

    @AfterEach
    void cleanUp() {
        Tools.deleteTree(tmp.resolve("root"));
    }

    @Test
    void shouldInstallJarLauncherConfigUnitAndRuntimePathsWithTheirModes() {
        String listing = Tools.run(List.of("dpkg-deb", "-c", deb.toString()), tmp, T).assertSuccess("dpkg-deb -c").output();
        Map<String, String> modes = new java.util.HashMap<>();
        for (String line : listing.split("\n")) {
            Matcher m = ENTRY.matcher(line.strip());
            if (m.matches()) {
                modes.put("/" + m.group(3).replaceAll("/$", ""), m.group(1) + " " + m.group(2));
            }
        }
        Map<String, String> expected = Map.of(
                "/usr/share/vipwarden/vipwarden-agent.jar", "-rw-r--r-- root/root",
                "/usr/bin/vipwarden-agent", "-rwxr-xr-x root/root",
                "/etc/vipwarden/agent.yaml", "-rw-r--r-- root/root",
                "/lib/systemd/system/vipwarden-agent.service", "-rw-r--r-- root/root",
                "/usr/lib/tmpfiles.d/vipwarden-agent.conf", "-rw-r--r-- root/root",
                "/usr/lib/sysusers.d/vipwarden-agent.conf", "-rw-r--r-- root/root");
        expected.forEach((path, mode) -> assertEquals(mode, modes.get(path), path + " in\n" + listing));
    }

    @Test
    void shouldDeclareTheConfigAsConffileAndDependOnJava17() {
        String info = Tools.run(List.of("dpkg-deb", "-I", deb.toString()), tmp, T).assertSuccess("dpkg-deb -I").output();
        for (String script : List.of("postinst", "prerm", "postrm", "conffiles")) {
            assertTrue(info.contains(script), "control archive lacks " + script + ":\n" + info);
        }
        Tools.run(List.of("dpkg-deb", "-e", deb.toString(), tmp.resolve("control").toString()), tmp, T)
                .assertSuccess("dpkg-deb -e");
        assertEquals(List.of("/etc/vipwarden/agent.yaml"), lines(tmp.resolve("control/conffiles")));
        String depends = field("Depends");
        assertTrue(depends.contains("default-jre-headless (>= 2:1.17)") && depends.contains("openjdk-17-jre-headless"),
                "Depends should ask for a Java 17 runtime: " + depends);
        assertTrue(field("Recommends").contains("keepalived"), "keepalived should be recommended");
        assertEquals("all", field("Architecture"));
        assertTrue(field("Version").matches("\\d+\\.\\d+\\.\\d+([~+][0-9A-Za-z.]+)?"),
                "a Debian version, not a Maven SNAPSHOT: " + field("Version"));
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Tools.run(List.of("sh", "-n", tmp.resolve("control/" + script).toString()), tmp, T).assertSuccess("sh -n " + script);
        }
    }

    /**
     * Unpacks the package into a scratch root and lets systemd-sysusers and systemd-tmpfiles do
     * there what postinst does on a node: the user exists, the FIFO and fence directory are the
     * agent's to read and write, and the packaged jar starts.
     */
    @Test
    void shouldCreateTheUserTheNotifyFifoAndTheFenceDirectoryInAScratchRoot() throws IOException {
        Tools.require("systemd-tmpfiles");
        Tools.require("systemd-sysusers");
        Path root = tmp.resolve("root");
        Files.createDirectories(root.resolve("etc"));
        Tools.run(List.of("dpkg-deb", "-x", deb.toString(), root.toString()), tmp, T).assertSuccess("dpkg-deb -x");
        // Start from an ordinary passwd/group so the new ids do not collide with existing ones.
        Files.copy(Path.of("/etc/passwd"), root.resolve("etc/passwd"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(Path.of("/etc/group"), root.resolve("etc/group"), StandardCopyOption.REPLACE_EXISTING);
        Tools.run(List.of("systemd-sysusers", "--root=" + root), tmp, T)
                .assertSuccess("systemd-sysusers");
        assertTrue(Files.readString(root.resolve("etc/passwd")).lines().anyMatch(l -> l.startsWith("vipwarden:")),
                "systemd-sysusers should have created the vipwarden user");
        Tools.run(List.of("systemd-tmpfiles", "--root=" + root, "--create"),
                tmp, T).assertSuccess("systemd-tmpfiles");

        // Numeric ids: the host's name service does not know the scratch root's user.
        String uid = idOf(root.resolve("etc/passwd"));
        String gid = idOf(root.resolve("etc/group"));
        Path fifo = root.resolve("run/vipwarden/keepalived.fifo");
        assertEquals("fifo 660 0:" + gid, stat("%F %a %u:%g", fifo),
                "the notify FIFO: keepalived (root) writes, the agent (group vipwarden) reads");
        Path fence = root.resolve("run/vipwarden/fence");
        assertEquals("directory 750 " + uid + ":" + gid, stat("%F %a %u:%g", fence),
                "the fence directory is the agent's and must exist before keepalived starts");

        Path jar = root.resolve("usr/share/vipwarden/vipwarden-agent.jar");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Tools.Result help = Tools.run(List.of(java, "-Xmx48m", "-XX:+UseSerialGC", "-jar", jar.toString(), "--help"), tmp, T);
        help.assertSuccess("the packaged agent jar with the launcher's JVM options");
        assertTrue(help.output().contains("agent"), "agent --help should describe the agent: " + help.output());
    }

    private static String idOf(Path file) throws IOException {
        return Files.readString(file).lines().filter(l -> l.startsWith("vipwarden:"))
                .map(l -> l.split(":")[2]).findFirst().orElseThrow(() -> new AssertionError("no vipwarden in " + file));
    }

    private String stat(String format, Path path) {
        return Tools.run(List.of("stat", "-c", format, path.toString()), tmp, T).assertSuccess("stat").output().strip();
    }

    private String field(String name) {
        return Tools.run(List.of("dpkg-deb", "-f", deb.toString(), name), tmp, T).assertSuccess("dpkg-deb -f").output().strip();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
