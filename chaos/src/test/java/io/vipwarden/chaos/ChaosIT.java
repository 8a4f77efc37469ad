package io.vipwarden.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.chaos.sandbox.SandboxChaosStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The short schedule CI runs: two runs of the whole sandbox stack under seeded faults, every
 * history checked. (People run the long one: {@code ./vipwarden chaos --runs 50 --seed 1}.)
 */
class ChaosIT {
    @Test
    void shouldPassTwoShortRandomRunsOfTheWholeSystem() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ChaosMain.run(new String[] {"--runs", "2", "--seed", "1", "--minutes", "0.4"},
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                Optional.of(SandboxChaosStack.factory(1)));
        String printed = out.toString(StandardCharsets.UTF_8);
        System.out.print(printed);   // the figures belong in the CI log
        assertEquals(0, exit, printed + err.toString(StandardCharsets.UTF_8));
        assertTrue(printed.contains("run 1/2 seed 1: PASS"), printed);
        assertTrue(printed.contains("run 2/2 seed 2: PASS"), printed);
        assertTrue(printed.contains("summary: 2 runs, 2 passed, 0 failed; convergence after the last fault"), printed);
    }
}
