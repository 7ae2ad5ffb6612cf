package io.yuqing.radar.jobs.cases;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * Dead letters of the cases job: unreadable alerts, invalid case events and events the case's
 * state refuses. The DeadLetter reasons are a closed enum (a new value needs schema v2), so a
 * refusal by state is {@code wrong_type} (or {@code missing_id} for an unknown case) and the
 * detail says exactly why.
 */
final class CaseDeadLetters {
    static final String JOB = "cases";
    private static final int EXCERPT_CHARS = 300;

    private CaseDeadLetters() {}

    static DeadLetter of(RawRecord raw, DeadLetterReason reason, String detail, Instant now) {
        return new DeadLetter(reason, detail, JOB, raw.topic(), raw.partition(), raw.offset(), raw.key(),
                Base64.getEncoder().encodeToString(raw.value()), excerpt(raw.value()), now);
    }

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
