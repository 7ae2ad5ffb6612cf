package io.yuqing.radar.jobs.alerts;

import io.yuqing.radar.connectors.kafka.RawRecord;
import io.yuqing.radar.jobs.enrich.DeadLetters;
import io.yuqing.radar.jobs.enrich.Rejection;
import io.yuqing.radar.schemas.DeadLetter;
import io.yuqing.radar.schemas.DeadLetterReason;

import java.time.Instant;

/** Dead letters of the alerts job: refused control updates and unreadable topic snapshots. */
final class AlertDeadLetters {
    static final String JOB = "alerts";

    private AlertDeadLetters() {}

    static DeadLetter of(RawRecord raw, DeadLetterReason reason, String detail, Instant now) {
        return DeadLetters.of(JOB, raw, new Rejection(reason, detail), now);
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
        return DeadLetters.utf8(value);
    }
}
