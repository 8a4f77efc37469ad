package io.vipwarden.coordinator.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClientTokensTest {
    @Test
    void shouldSpellOutTheEpochAndFitAlibabasLimit() {
        String token = ClientTokens.of(Long.MAX_VALUE, "havip-with-a-long-identifier-0123456789", "ASSOCIATE",
                "i-0123456789abcdef0123456789");
        assertTrue(token.startsWith("vw-e" + Long.MAX_VALUE + "-"), token);
        assertTrue(token.length() <= ClientTokens.MAX_LENGTH, token.length() + " chars: " + token);
        assertTrue(token.matches("[A-Za-z0-9-]+"), token);
    }

    @Test
    void shouldGiveTheSameDecisionTheSameToken() {
        assertEquals(ClientTokens.of(7, "hv", "ASSOCIATE", "i-1"), ClientTokens.of(7, "hv", "ASSOCIATE", "i-1"));
    }

    @Test
    void shouldGiveDifferentDecisionsDifferentTokens() {
        String token = ClientTokens.of(7, "hv", "ASSOCIATE", "i-1");
        assertNotEquals(token, ClientTokens.of(8, "hv", "ASSOCIATE", "i-1"));
        assertNotEquals(token, ClientTokens.of(7, "hv", "UNASSOCIATE", "i-1"));
        assertNotEquals(token, ClientTokens.of(7, "hv", "ASSOCIATE", "i-2"));
        assertNotEquals(token, ClientTokens.of(7, "hv2", "ASSOCIATE", "i-1"));
    }

    @Test
    void shouldRefuseANegativeEpoch() {
        assertThrows(IllegalArgumentException.class, () -> ClientTokens.of(-1, "hv"));
    }
}
