package io.vipwarden.chaos.record;

import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.CloudAction;
import io.vipwarden.testbed.emulator.CallRecord;
import io.vipwarden.testbed.emulator.VpcState;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Records what the cloud did, from the emulator: each mutating call in the emulator's own order
 * (with its epoch told from the ClientToken) and each change of a HaVip's associated set or master.
 * {@link #poll()} is called by the recorder's timer.
 */
public final class CloudRecorder {
    /** How the recorder reads the emulator: in-process or through its admin API. */
    public interface CloudProbe {
        List<CallRecord> calls() throws IOException;

        VpcState state() throws IOException;
    }

    private final CloudProbe probe;
    private final Consumer<Entry> history;
    private final Clock clock;
    private final Map<String, Entry.CloudState> last = new HashMap<>();
    private long lastSeq;

    public CloudRecorder(CloudProbe probe, Consumer<Entry> history, Clock clock) {
        this.probe = probe;
        this.history = history;
        this.clock = clock;
    }

    /** Records new calls, then the state (a call always lands before the state change it caused). */
    public synchronized void poll() throws IOException {
        for (CallRecord call : probe.calls()) {
            if (call.seq() <= lastSeq) {
                continue;
            }
            lastSeq = call.seq();
            CloudAction action = ClientTokenEpochs.actionOf(call.action());
            String havip = call.params().get("HaVipId");
            if (action == null || havip == null) {
                continue;
            }
            String instance = call.params().get("InstanceId");
            Long epoch = ClientTokenEpochs.epochOf(call.params().get("ClientToken"));
            history.accept(new Entry.CloudCall(parse(call.receivedAt()), havip, action, instance, epoch, call.code(),
                    call.seq()));
        }
        Instant now = clock.instant();
        for (VpcState.SavedHaVip h : probe.state().haVips()) {
            Entry.CloudState before = last.get(h.haVipId());
            if (before == null || !before.associated().equals(h.associatedInstances())
                    || !Objects.equals(before.master(), h.masterInstanceId())) {
                Entry.CloudState now1 = new Entry.CloudState(now, h.haVipId(), h.associatedInstances(),
                        h.masterInstanceId());
                last.put(h.haVipId(), now1);
                history.accept(now1);
            }
        }
    }

    private Instant parse(String receivedAt) {
        try {
            return Instant.parse(receivedAt);
        } catch (RuntimeException e) {
            return clock.instant();
        }
    }
}
