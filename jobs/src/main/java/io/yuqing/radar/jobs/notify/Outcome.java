package io.yuqing.radar.jobs.notify;

/**
 * What one attempt to deliver came to: delivered; refused by the channel (HTTP 4xx, a robot's
 * error code, a bad address: retrying cannot help, the message is dead-lettered); or a failure
 * worth retrying (5xx, timeouts, connection refused, rate limits).
 */
public record Outcome(Kind kind, String reason) {
    public enum Kind { DELIVERED, REFUSED, RETRY }

    static Outcome delivered() {
        return new Outcome(Kind.DELIVERED, null);
    }

    static Outcome refused(String reason) {
        return new Outcome(Kind.REFUSED, reason);
    }

    static Outcome retry(String reason) {
        return new Outcome(Kind.RETRY, reason);
    }
}
