package io.vipwarden.coordinator.store;

import com.hazelcast.map.EntryProcessor;
import io.vipwarden.coordinator.decision.HavipRecord;
import java.util.Map;

/**
 * Replaces a HaVip's record only if it is still the revision the decision was taken on, and only
 * with an epoch that is the current one or the next one: runs on the key's partition owner, atomic
 * for the key, so two members racing on one HaVip can never both grant the same epoch.
 */
final class CompareAndSetProcessor implements EntryProcessor<String, HavipRecord, Boolean> {
    private static final long serialVersionUID = 1L;

    private final long expectedRevision;
    private final HavipRecord next;

    CompareAndSetProcessor(long expectedRevision, HavipRecord next) {
        this.expectedRevision = expectedRevision;
        this.next = next;
    }

    @Override
    public Boolean process(Map.Entry<String, HavipRecord> entry) {
        HavipRecord current = entry.getValue();
        long currentRevision = current == null ? 0 : current.revision();
        long currentEpoch = current == null ? 0 : current.epoch();
        if (currentRevision != expectedRevision) {
            return false;
        }
        if (next.epoch() != currentEpoch && next.epoch() != currentEpoch + 1) {
            return false;
        }
        entry.setValue(next);
        return true;
    }
}
