package io.vipwarden.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

/** What a lab of this JVM could leave behind: namespaces, keepalived processes, files. */
public final class LabResidue {
    private LabResidue() {
    }

    static List<String> namespacesOf(String prefixStart) {
        String out = Commands.runChecked("ip", "netns", "list").stdout();
        return Arrays.stream(out.split("\n")).map(l -> l.split("\\s+")[0]).filter(n -> n.startsWith(prefixStart)).toList();
    }

    static List<Long> keepalivedOf(String prefixStart) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains("keepalived"))
                .filter(p -> p.info().commandLine().orElse("").contains("/vipwarden-lab/" + prefixStart))
                .map(ProcessHandle::pid).toList();
    }

    public static void assertNoneOf(String prefixStart) {
        assertEquals(List.of(), namespacesOf(prefixStart), "namespaces left behind");
        assertEquals(List.of(), keepalivedOf(prefixStart), "keepalived left behind");
        try (var dirs = Files.exists(Lab.baseDirectory()) ? Files.list(Lab.baseDirectory()) : java.util.stream.Stream.<java.nio.file.Path>empty()) {
            assertEquals(List.of(), dirs.filter(d -> d.getFileName().toString().startsWith(prefixStart)).toList(),
                    "files left behind");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static void assertNoneOfThisProcess() {
        assertNoneOf("vwl" + ProcessHandle.current().pid() + "x");
    }
}
