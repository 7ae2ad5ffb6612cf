package io.yuqing.radar.query;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * Checks the shared API token a request presents, as {@code Authorization: Bearer <token>} or
 * {@code X-Api-Token: <token>}. Pure: it sees header values, not HTTP, so tests call it directly.
 */
final class TokenAuth {
    static final String AUTHORIZATION = "Authorization";
    static final String API_TOKEN_HEADER = "X-Api-Token";
    private static final String BEARER = "bearer ";

    private final byte[] expectedDigest;

    TokenAuth(String token) {
        this.expectedDigest = sha256(token);
    }

    /** True when either header carries the configured token. */
    boolean accepts(String authorizationHeader, String apiTokenHeader) {
        return matches(bearerToken(authorizationHeader)) || matches(apiTokenHeader);
    }

    private boolean matches(String presented) {
        // Digests have one length whatever was presented, and isEqual does not stop at the first
        // differing byte, so response timing does not reveal how much of a guess was right.
        return presented != null && !presented.isEmpty()
                && MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.strip();
        // the scheme name is case-insensitive (RFC 9110 §11.1)
        if (a.length() > BEARER.length() && a.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return a.substring(BEARER.length()).strip();
        }
        return null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
