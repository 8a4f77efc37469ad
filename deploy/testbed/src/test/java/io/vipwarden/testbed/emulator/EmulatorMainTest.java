package io.vipwarden.testbed.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EmulatorMainTest {
    @Test
    void shouldPrintHelpAndExitZero() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new EmulatorMain());
        cli.setOut(new PrintWriter(out));

        int code = cli.execute("--help");

        assertEquals(0, code);
        assertTrue(out.toString().contains("--state"));
        assertTrue(out.toString().contains("vsw-sandbox"));
    }

    @Test
    void shouldExitTwoListingEveryProblem(@TempDir Path dir) throws Exception {
        Path broken = Files.writeString(dir.resolve("state.json"), "{ not json");
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream saved = System.err;
        int code;
        try {
            System.setErr(new java.io.PrintStream(err, true));
            code = new CommandLine(new EmulatorMain()).execute("--port", "70000", "--association-delay-ms", "-1",
                    "--max-associated-instances", "0", "--state", broken.toString());
        } finally {
            System.setErr(saved);
        }

        assertEquals(2, code);
        String text = err.toString();
        assertTrue(text.contains("--port"), text);
        assertTrue(text.contains("--association-delay-ms"), text);
        assertTrue(text.contains("--max-associated-instances"), text);
        assertTrue(text.contains("--state"), text);
    }
}
