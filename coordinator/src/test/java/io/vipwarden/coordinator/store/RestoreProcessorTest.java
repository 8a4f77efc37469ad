package io.vipwarden.coordinator.store;

import static io.vipwarden.coordinator.store.HigherEpochMergePolicyTest.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RestoreProcessorTest {
    @Test
    void shouldPutBackARecordTheStoreForgot() {
        var e = CompareAndSetProcessorTest.entry(null);
        assertTrue(new RestoreProcessor(record(7, 0)).process(e));
        assertEquals(7, e.getValue().epoch());
        assertEquals(1, e.getValue().revision(), "stamped as the first revision of an empty entry");
    }

    @Test
    void shouldRaiseARecordAtALowerEpochAndBumpItsRevision() {
        var e = CompareAndSetProcessorTest.entry(record(1, 4));
        assertTrue(new RestoreProcessor(record(7, 0)).process(e));
        assertEquals(7, e.getValue().epoch());
        assertEquals(5, e.getValue().revision(), "a decision taken on revision 4 must now fail its compare-and-set");
    }

    @Test
    void shouldKeepWhatTheStoreHoldsAtTheSameOrAHigherEpoch() {
        var same = record(7, 30);
        var e = CompareAndSetProcessorTest.entry(same);
        assertFalse(new RestoreProcessor(record(7, 0)).process(e));
        assertSame(same, e.getValue());
        var higher = record(8, 31);
        e.setValue(higher);
        assertFalse(new RestoreProcessor(record(7, 0)).process(e), "epochs never go down");
        assertSame(higher, e.getValue());
    }
}
