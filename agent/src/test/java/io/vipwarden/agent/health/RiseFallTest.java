package io.vipwarden.agent.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RiseFallTest {
    @Test
    void shouldDecideOnTheFirstRunThenNeedFallFailuresAndRiseSuccesses() {
        RiseFall v = new RiseFall(2, 3);
        assertFalse(v.decided());
        assertTrue(v.record(true));
        assertTrue(v.healthy());
        assertFalse(v.record(false));
        assertFalse(v.record(false));
        assertTrue(v.healthy(), "two failures are not yet three");
        assertTrue(v.record(false));
        assertFalse(v.healthy());
        assertFalse(v.record(true));
        assertFalse(v.record(false), "a failure resets the rise streak");
        assertFalse(v.record(true));
        assertTrue(v.record(true));
        assertTrue(v.healthy());
    }

    @Test
    void shouldRefuseZeroRiseOrFall() {
        assertThrows(IllegalArgumentException.class, () -> new RiseFall(0, 1));
    }
}
