package io.yuqing.radar.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The tokens the service accepts, each with its id, role and unit: from the tokens file
 * ({@code query.tokens-file}, format in {@code tokens.example.yaml}) or, without one, the single
 * {@code query.api-token} as an {@code admin} (the configuration of earlier versions keeps working).
 *
 * <p>The file is re-read without a restart: a request looks at the file's modification time and
 * size at most once per {@code query.tokens-reload} (30 s by default), so a revoked token stops
 * working within that interval. A file that no longer parses admits nobody until it is fixed:
 * keeping the old tokens would silently undo the revocation the edit was for.
 *
 * <p>The file holds SHA-256 digests, not tokens, so reading it does not give a token away.
 */
final class TokenDirectory {
    private static final Logger LOG = LoggerFactory.getLogger(TokenDirectory.class);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    /** The id the single {@code query.api-token} has in the audit. */
    static final String SINGLE_TOKEN_ID = "api-token";

    private final Path file;
    private final Duration reloadEvery;
    private final Clock clock;
    private volatile Map<String, Principal> byDigest;
    private Instant checkedAt;
    private FileTime loadedModified;
    private long loadedSize = -1;

    private TokenDirectory(Path file, Duration reloadEvery, Clock clock, Map<String, Principal> fixed) {
        this.file = file;
        this.reloadEvery = reloadEvery;
        this.clock = clock;
        this.byDigest = fixed;
    }

    /** One token, role admin, no unit: the compatible default without a tokens file. */
    static TokenDirectory single(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("query.api-token or query.tokens-file is required");
        }
        return new TokenDirectory(null, null, Clock.systemUTC(),
                Map.of(digestHex(token), new Principal(SINGLE_TOKEN_ID, Role.ADMIN, "")));
    }

    /** The tokens of {@code file}, re-read when it changed, at most once per {@code reloadEvery}. */
    static TokenDirectory fromFile(Path file, Duration reloadEvery, Clock clock) {
        TokenDirectory d = new TokenDirectory(file, reloadEvery, clock, Map.of());
        // a file that does not parse at start is a configuration error, not a locked-out service
        d.byDigest = parse(file);
        d.remember(clock.instant());
        LOG.info("tokens file {}: {} tokens", file, d.byDigest.size());
        return d;
    }

    /** The principal of the presented token, if any. */
    Optional<Principal> authenticate(String authorizationHeader, String apiTokenHeader) {
        reloadIfDue();
        Map<String, Principal> tokens = byDigest;
        for (String presented : new String[] {TokenAuth.bearerToken(authorizationHeader), apiTokenHeader}) {
            if (presented != null && !presented.isEmpty()) {
                Principal p = tokens.get(digestHex(presented));
                if (p != null) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    private synchronized void reloadIfDue() {
        if (file == null) {
            return;
        }
        Instant now = clock.instant();
        if (checkedAt != null && Duration.between(checkedAt, now).compareTo(reloadEvery) < 0) {
            return;
        }
        checkedAt = now;
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            if (modified.equals(loadedModified) && size == loadedSize) {
                return;
            }
            byDigest = parse(file);
            loadedModified = modified;
            loadedSize = size;
            LOG.info("tokens file {} re-read: {} tokens", file, byDigest.size());
        } catch (IOException | RuntimeException e) {
            byDigest = Map.of();
            loadedModified = null;
            LOG.error("tokens file {} cannot be read; no token is accepted until it is fixed: {}", file, e.getMessage());
        }
    }

    private void remember(Instant now) {
        checkedAt = now;
        try {
            loadedModified = Files.getLastModifiedTime(file);
            loadedSize = Files.size(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("query.tokens-file: " + e.getMessage(), e);
        }
    }

    static Map<String, Principal> parse(Path file) {
        JsonNode root;
        try {
            root = YAML.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("query.tokens-file " + file + ": " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.get("tokens");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException("query.tokens-file " + file + ": needs a list 'tokens'");
        }
        Map<String, Principal> out = new HashMap<>();
        Set<String> ids = new HashSet<>();
        int n = 0;
        for (JsonNode t : list) {
            n++;
            String where = "query.tokens-file " + file + ", token " + n + ": ";
            String id = text(t, "id", where);
            String digest = text(t, "sha256", where).toLowerCase(Locale.ROOT);
            if (!HEX64.matcher(digest).matches()) {
                throw new IllegalArgumentException(where + "sha256 must be 64 hex digits (printf %s TOKEN | sha256sum)");
            }
            Role role;
            try {
                role = Role.parse(text(t, "role", where));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            String unit = t.hasNonNull("unit") ? t.get("unit").asText().strip() : "";
            if (!ids.add(id)) {
                throw new IllegalArgumentException(where + "id '" + id + "' is used twice");
            }
            if (out.put(digest, new Principal(id, role, unit)) != null) {
                throw new IllegalArgumentException(where + "the same token is listed twice");
            }
        }
        return Map.copyOf(out);
    }

    private static String text(JsonNode t, String field, String where) {
        JsonNode v = t.get(field);
        if (v == null || !v.isValueNode() || v.asText().isBlank()) {
            throw new IllegalArgumentException(where + "'" + field + "' is required");
        }
        return v.asText().strip();
    }

    static String digestHex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
