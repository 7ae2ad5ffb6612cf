package io.yuqing.radar.local.feed;

import java.time.Duration;
import java.time.Instant;

/**
 * Event-time pacing of a replay, as pure arithmetic: a record is due when the wall time since the
 * replay began has caught up with its event time since the first record, divided by the speed-up
 * (60 = one minute of event time per wall second).
 */
public final class Pacing {
    private Pacing() {}

    /**
     * Wall time after the replay's start at which a record is due; zero for speed-up ≤ 0 (as fast
     * as possible) and for records older than the first.
     */
    public static Duration due(Instant firstEventTime, Instant eventTime, double speedUp) {
        if (speedUp <= 0 || !eventTime.isAfter(firstEventTime)) {
            return Duration.ZERO;
        }
        double nanos = Duration.between(firstEventTime, eventTime).toNanos() / speedUp;
        return Duration.ofNanos((long) Math.min(nanos, Long.MAX_VALUE));
    }

    /**
     * How long to wait before sending a record of {@code eventTime}, {@code elapsed} wall time
     * into a replay whose first record had {@code firstEventTime}; never negative (a replay that
     * fell behind sends at once and catches up).
     */
    public static Duration waitBefore(Instant firstEventTime, Instant eventTime, double speedUp, Duration elapsed) {
        Duration wait = due(firstEventTime, eventTime, speedUp).minus(elapsed);
        return wait.isNegative() ? Duration.ZERO : wait;
    }

    /** How far a replay is behind schedule when sending this record now; zero when on time. */
    public static Duration lag(Instant firstEventTime, Instant eventTime, double speedUp, Duration elapsed) {
        if (speedUp <= 0) {
            return Duration.ZERO;
        }
        Duration behind = elapsed.minus(due(firstEventTime, eventTime, speedUp));
        return behind.isNegative() ? Duration.ZERO : behind;
    }

    /**
     * The event time a record carries when a replay is rebased onto its own clock: the first record
     * at {@code base}, later ones {@code (t - first) / speedUp} after it, i.e. the wall time at which
     * it is due. With speed-up ≤ 0 (as fast as possible) the spacing is kept as it was.
     */
    public static Instant rebased(Instant firstEventTime, Instant eventTime, Instant base, double speedUp) {
        if (speedUp <= 0) {
            return base.plus(Duration.between(firstEventTime, eventTime));
        }
        double nanos = Duration.between(firstEventTime, eventTime).toNanos() / speedUp;
        return base.plusNanos((long) nanos);
    }

    /** How long until {@code eventTime} comes round on the wall clock; zero once it has. */
    public static Duration untilDue(Instant eventTime, Instant now) {
        return eventTime.isAfter(now) ? Duration.between(now, eventTime) : Duration.ZERO;
    }

    public static Duration later(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
