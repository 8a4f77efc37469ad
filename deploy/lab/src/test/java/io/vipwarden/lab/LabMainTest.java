package io.vipwarden.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LabMainTest {
    @Test
    void shouldExitTwoNamingAnUnknownScenario() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream saved = System.err;
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = new CommandLine(new LabMain()).execute("--scenario", "no-such-thing");
        } finally {
            System.setErr(saved);
        }

        assertEquals(2, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown scenario 'no-such-thing'"), err::toString);
    }

    @Test
    void shouldListScenariosWithoutTouchingTheMachine() {
        assertEquals(0, new CommandLine(new LabMain()).execute("--list"));
    }
}
