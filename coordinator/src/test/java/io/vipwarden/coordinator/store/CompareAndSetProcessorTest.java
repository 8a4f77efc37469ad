package io.vipwarden.coordinator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.coordinator.decision.HavipRecord;
import java.util.AbstractMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CompareAndSetProcessorTest {
    static Map.Entry<String, HavipRecord> entry(HavipRecord value) {
        return new AbstractMap.SimpleEntry<>("havip-1", value);
    }

    @Test
    void shouldApplyADecisionTakenOnTheCurrentRevision() {
        var e = entry(HigherEpochMergePolicyTest.record(3, 10));
        assertTrue(new CompareAndSetProcessor(10, HigherEpochMergePolicyTest.record(4, 11)).process(e));
        assertEquals(4, e.getValue().epoch());
    }

    @Test
    void shouldRefuseADecisionTakenOnAnOlderRevision() {
        var e = entry(HigherEpochMergePolicyTest.record(4, 11));
        assertFalse(new CompareAndSetProcessor(10, HigherEpochMergePolicyTest.record(4, 11)).process(e),
                "a second member that read revision 10 must not grant epoch 4 again");
        assertEquals(11, e.getValue().revision());
    }

    @Test
    void shouldRefuseAnEpochThatJumpsOrFalls() {
        var e = entry(HigherEpochMergePolicyTest.record(4, 11));
        assertFalse(new CompareAndSetProcessor(11, HigherEpochMergePolicyTest.record(6, 12)).process(e));
        assertFalse(new CompareAndSetProcessor(11, HigherEpochMergePolicyTest.record(3, 12)).process(e));
        assertEquals(4, e.getValue().epoch());
    }

    @Test
    void shouldCreateTheFirstRecordOnlyFromRevisionZero() {
        var e = entry(null);
        assertFalse(new CompareAndSetProcessor(5, HigherEpochMergePolicyTest.record(1, 6)).process(e));
        assertTrue(new CompareAndSetProcessor(0, HigherEpochMergePolicyTest.record(1, 1)).process(e));
    }
}
