package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/** Dead letters of the alerts job: refused control updates and unreadable topic snapshots. */
final class AlertDeadLetters {
    static final String JOB = "alerts";
    private static final int EXCERPT_CHARS = 300;

    private AlertDeadLetters() {}

    static DeadLetter of(RawRecord raw, DeadLetterReason reason, String detail, Instant now) {
        return new DeadLetter(reason, detail, JOB, raw.topic(), raw.partition(), raw.offset(), raw.key(),
                Base64.getEncoder().encodeToString(raw.value()), excerpt(raw.value()), now);
    }

    /**
     * The dead-letter reason of a refused rules update. The DeadLetter contract's reasons are a
     * closed enum (a new value needs schema v2), so a well-typed update with an invalid value is
     * {@code wrong_type} too; the detail always says exactly what is wrong.
     */
    static DeadLetterReason reason(InvalidRulesException e) {
        return switch (e.kind()) {
            case NOT_JSON -> DeadLetterReason.NOT_JSON;
            case NOT_AN_OBJECT -> DeadLetterReason.NOT_AN_OBJECT;
            case WRONG_TYPE, INVALID_VALUE -> DeadLetterReason.WRONG_TYPE;
        };
    }

    /** Strict UTF-8 decoding; null when the bytes are not UTF-8. */
    static String utf8(byte[] value) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String excerpt(byte[] value) {
        String s = new String(value, 0, Math.min(value.length, EXCERPT_CHARS * 4), StandardCharsets.UTF_8);
        return s.length() > EXCERPT_CHARS ? s.substring(0, EXCERPT_CHARS) : s;
    }
}
