package io.vipwarden.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class AssociationFlowTest {
    @Test
    void shouldKeepTheFirstTokenAndSuffixTheRequestsAgain() {
        assertEquals("vw-e7-abc", AssociationFlow.token("vw-e7-abc", 0));
        assertEquals("vw-e7-abc-r1", AssociationFlow.token("vw-e7-abc", 1));
        assertEquals("vw-e7-abc-r3", AssociationFlow.token("vw-e7-abc", 3));
        assertNull(AssociationFlow.token(null, 2));
    }

    @Test
    void shouldStayWithinAlibabasSixtyFourCharacters() {
        String longest = "vw-" + "f".repeat(61);

        String again = AssociationFlow.token(longest, 2);

        assertEquals(64, again.length());
        assertEquals(longest.substring(0, 61) + "-r2", again);
    }
}
