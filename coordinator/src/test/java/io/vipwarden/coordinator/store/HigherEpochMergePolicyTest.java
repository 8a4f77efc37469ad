package io.vipwarden.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.decision.HavipRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HigherEpochMergePolicyTest {
    static HavipRecord record(long epoch, long revision) {
        HavipRecord empty = HavipRecord.empty("havip-1", Instant.EPOCH);
        return new HavipRecord("havip-1", null, null, "node-a", epoch, revision, null, empty.phase(), false, false,
                null, null, null, null, false, null, null, Instant.EPOCH);
    }

    @Test
    void shouldKeepTheHigherEpochWhicheverSideItComesFrom() {
        assertTrue(HigherEpochMergePolicy.keepMerging(record(5, 1), record(4, 90)));
        assertFalse(HigherEpochMergePolicy.keepMerging(record(4, 90), record(5, 1)));
    }

    @Test
    void shouldKeepTheHigherRevisionAtTheSameEpoch() {
        assertTrue(HigherEpochMergePolicy.keepMerging(record(5, 8), record(5, 7)));
        assertFalse(HigherEpochMergePolicy.keepMerging(record(5, 7), record(5, 7)));
    }

    @Test
    void shouldTakeTheMergingValueWhenNothingExists() {
        assertTrue(HigherEpochMergePolicy.keepMerging(record(1, 1), null));
    }
}
