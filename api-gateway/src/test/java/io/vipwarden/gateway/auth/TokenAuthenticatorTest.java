package io.vipwarden.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenAuthenticatorTest {
    private final TokenAuthenticator auth = new TokenAuthenticator(List.of(
            TokenGrant.of("vera", Role.VIEWER, TokenAuthenticator.sha256Hex("t-viewer")),
            TokenGrant.of("otto", Role.OPERATOR, TokenAuthenticator.sha256Hex("t-operator"))));

    @Test
    void shouldResolveABearerTokenToItsIdentityAndRole() {
        assertEquals(new Caller("vera", Role.VIEWER), auth.authenticate("Bearer t-viewer").orElseThrow());
        assertEquals(new Caller("otto", Role.OPERATOR), auth.authenticate("bearer  t-operator ").orElseThrow());
    }

    @Test
    void shouldRefuseMissingMalformedAndUnknownTokens() {
        assertTrue(auth.authenticate(null).isEmpty());
        assertTrue(auth.authenticate("Basic dmVyYTp4").isEmpty());
        assertTrue(auth.authenticate("Bearer ").isEmpty());
        assertTrue(auth.authenticate("Bearer t-viewe").isEmpty());
        assertTrue(auth.authenticate("t-viewer").isEmpty());
    }

    @Test
    void shouldLetAnOperatorDoWhatAViewerMayButNotTheOtherWayRound() {
        assertTrue(Role.OPERATOR.covers(Role.VIEWER));
        assertFalse(Role.VIEWER.covers(Role.OPERATOR));
        assertFalse(Caller.ANONYMOUS.may(Role.VIEWER));
    }

    @Test
    void shouldHashLikeSha256sum() {
        // printf %s abc | sha256sum
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                TokenAuthenticator.sha256Hex("abc"));
        assertFalse(TokenGrant.of("x", Role.VIEWER, TokenAuthenticator.sha256Hex("abc")).toString().contains("ba78"));
    }
}
