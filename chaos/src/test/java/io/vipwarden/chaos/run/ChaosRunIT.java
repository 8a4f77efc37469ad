package io.vipwarden.chaos.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.chaos.check.Violation;
import io.vipwarden.chaos.history.Entry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole run loop (record, settle, play faults, converge, check) on real parts. */
class ChaosRunIT {
    @TempDir
    Path dir;

    @Test
    void shouldJudgeKeepalivedAloneAsSafeButNeverOwnedUnderARandomSchedule() throws Exception {
        RunSettings settings = new RunSettings(Duration.ofSeconds(3), Duration.ofSeconds(12), Duration.ofSeconds(2),
                Duration.ofSeconds(3), Duration.ofSeconds(1));
        RunResult result = new ChaosRun(seed -> new KeepalivedAloneStack(dir, seed), settings, Clock.systemUTC())
                .run(4);

        String printed = result.schedule().describe() + result.report().print();
        assertFalse(result.schedule().faults().isEmpty(), printed);
        assertEquals(result.schedule().faults().size() * 2, result.history().all(Entry.FaultMark.class).size(),
                printed);
        assertFalse(result.history().all(Entry.Vrrp.class).isEmpty(), printed);
        assertFalse(result.history().all(Entry.CloudState.class).isEmpty(), printed);
        assertTrue(result.history().all(Entry.CloudState.class).stream().anyMatch(c -> c.master() != null),
                "keepalived's announcements reach the cloud\n" + printed);
        // no control plane: nothing unsafe happened, but no owner was ever granted
        assertTrue(result.report().violations().stream().allMatch(v -> v.kind() == Violation.Kind.NOT_CONVERGED),
                printed);
        assertTrue(result.report().violations().get(0).message().contains("no owner granted"), printed);
        assertTrue(printed.contains("seed 4"), printed);
    }
}
