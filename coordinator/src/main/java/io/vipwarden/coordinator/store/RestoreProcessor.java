package io.vipwarden.coordinator.store;

import com.hazelcast.map.EntryProcessor;
import io.vipwarden.coordinator.decision.HavipRecord;
import java.util.Map;

/**
 * Puts back a HaVip record rebuilt from what the coordinators published, only where the store holds
 * nothing for it or an older epoch: the store forgot it (every member restarted, or a partition and
 * its backup were lost together). A record the store holds at the same or a higher epoch is kept, so
 * running this on a healthy cluster changes nothing, and epochs never go down.
 */
final class RestoreProcessor implements EntryProcessor<String, HavipRecord, Boolean> {
    private static final long serialVersionUID = 1L;

    private final HavipRecord restored;

    RestoreProcessor(HavipRecord restored) {
        this.restored = restored;
    }

    @Override
    public Boolean process(Map.Entry<String, HavipRecord> entry) {
        HavipRecord current = entry.getValue();
        if (current != null && current.epoch() >= restored.epoch()) {
            return false;
        }
        long revision = (current == null ? 0 : current.revision()) + 1;
        entry.setValue(restored.withRevision(revision));
        return true;
    }
}
