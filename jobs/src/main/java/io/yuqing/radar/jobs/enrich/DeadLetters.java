package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.DeadLetter;

import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Builds the dead letter for a refused raw record: the bytes intact, plus a readable excerpt. */
public final class DeadLetters {
    private static final int EXCERPT_CHARS = 300;

    private DeadLetters() {}

    public static DeadLetter of(String job, RawRecord raw, Rejection why, Instant now) {
        return new DeadLetter(why.reason(), why.detail(), job, raw.topic(), raw.partition(), raw.offset(), raw.key(),
                Base64.getEncoder().encodeToString(raw.value()), excerpt(raw.value()), now);
    }

    /** Strict UTF-8 decoding; null when the bytes are not UTF-8 (a control message must be read exactly). */
    public static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return null;
        }
    }

    /** Lenient decoding: a reader should see as much as there is, even of broken UTF-8. */
    static String excerpt(byte[] value) {
        int bytes = Math.min(value.length, EXCERPT_CHARS * 4);
        try {
            String s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(value, 0, bytes)).toString();
            return s.length() > EXCERPT_CHARS ? s.substring(0, EXCERPT_CHARS) : s;
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalStateException("REPLACE never throws", e);
        }
    }
}
