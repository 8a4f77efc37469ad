package io.vipwarden.agent.keepalived;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition.Kind;
import io.vipwarden.events.VrrpTransition.Source;
import io.vipwarden.testbed.ManualClock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpStateTrackerTest {
    private final Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ManualClock clock = new ManualClock(t0);
    private final VrrpStateTracker tracker = new VrrpStateTracker(clock);

    private List<VrrpStateTracker.Change> fifo(String line) {
        return tracker.onNotify(NotifyLine.parse(line).orElseThrow(), Source.FIFO);
    }

    private static StateDump.InstanceStatus status(String name, VrrpState state, int priority) {
        return new StateDump.InstanceStatus(name, state, priority, List.of());
    }

    @Test
    void shouldReportEveryRunningInstanceStopWhenKeepalivedsProcessIsGone() {
        fifo("INSTANCE \"VI_1\" MASTER 100");
        fifo("INSTANCE \"VI_2\" BACKUP 90");
        fifo("INSTANCE \"VI_3\" STOP 0");
        List<VrrpStateTracker.Change> changes = tracker.onProcessGone();
        assertEquals(2, changes.size(), changes.toString());
        assertTrue(changes.contains(new VrrpStateTracker.Change(Kind.INSTANCE, "VI_1", VrrpState.MASTER, VrrpState.STOP, 0,
                Source.PROCESS)), changes.toString());
        assertEquals(VrrpState.STOP, tracker.instance("VI_2").orElseThrow().state());
        assertTrue(tracker.onProcessGone().isEmpty(), "already stopped: nothing more to say");
        assertEquals(VrrpState.BACKUP, fifo("INSTANCE \"VI_1\" BACKUP 100").get(0).to(), "a restarted keepalived speaks again");
    }

    @Test
    void shouldReportEachNewStateOnceFromTheFifo() {
        assertEquals(List.of(new VrrpStateTracker.Change(Kind.INSTANCE, "VI_1", VrrpState.UNKNOWN, VrrpState.BACKUP, 100,
                Source.FIFO)), fifo("INSTANCE \"VI_1\" BACKUP 100"));
        assertTrue(fifo("INSTANCE \"VI_1\" BACKUP 100").isEmpty(), "a repeated state is no transition");
        assertEquals(VrrpState.MASTER, fifo("INSTANCE \"VI_1\" MASTER 100").get(0).to());
        assertEquals(VrrpState.MASTER, tracker.instance("VI_1").orElseThrow().state());
    }

    @Test
    void shouldPassPriorityNoticesAndKeepTheState() {
        fifo("INSTANCE \"VI_1\" MASTER 100");
        List<VrrpStateTracker.Change> notice = fifo("INSTANCE \"VI_1\" MASTER_PRIORITY 80");
        assertEquals(VrrpState.MASTER_PRIORITY, notice.get(0).to());
        assertEquals(VrrpState.MASTER, tracker.instance("VI_1").orElseThrow().state());
        assertEquals(80, tracker.instance("VI_1").orElseThrow().priority());
        assertTrue(fifo("INSTANCE \"VI_1\" MASTER 80").isEmpty());
    }

    @Test
    void shouldLetTheDumpCorrectATransitionTheFifoDropped() {
        fifo("INSTANCE \"VI_1\" BACKUP 100");
        clock.set(t0.plusSeconds(10));
        // the FIFO lost "MASTER"; the dump written later shows it
        List<VrrpStateTracker.Change> changes = tracker.onDump(List.of(status("VI_1", VrrpState.MASTER, 100)),
                t0.plusSeconds(11));
        assertEquals(List.of(new VrrpStateTracker.Change(Kind.INSTANCE, "VI_1", VrrpState.BACKUP, VrrpState.MASTER, 100,
                Source.JSON_DUMP)), changes);
        assertTrue(tracker.onDump(List.of(status("VI_1", VrrpState.MASTER, 100)), t0.plusSeconds(12)).isEmpty());
        assertTrue(fifo("INSTANCE \"VI_1\" MASTER 100").isEmpty(), "the late FIFO line is a duplicate now");
    }

    @Test
    void shouldIgnoreADumpOlderThanTheLastNotifyLine() {
        clock.set(t0.plusSeconds(20));
        fifo("INSTANCE \"VI_1\" MASTER 100");
        assertTrue(tracker.onDump(List.of(status("VI_1", VrrpState.BACKUP, 100)), t0.plusSeconds(19)).isEmpty());
        assertEquals(VrrpState.MASTER, tracker.instance("VI_1").orElseThrow().state());
    }

    @Test
    void shouldLearnTheStartingStateFromTheDumpAndTrackGroupsSeparately() {
        assertEquals(VrrpState.UNKNOWN, tracker.onDump(List.of(status("VI_1", VrrpState.BACKUP, 90)), t0).get(0).from());
        List<VrrpStateTracker.Change> group = fifo("GROUP \"VI_1\" MASTER 0");
        assertEquals(Kind.GROUP, group.get(0).kind());
        assertEquals(VrrpState.UNKNOWN, group.get(0).from());
        assertEquals(VrrpState.BACKUP, tracker.instance("VI_1").orElseThrow().state());
    }
}
