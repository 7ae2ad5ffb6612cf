package io.yuqing.radar.jobs.alerts;

/** A rules configuration (file or control-topic update) that must not be used, and why. */
public final class InvalidRulesException extends IllegalArgumentException {
    /** What is wrong, coarse enough to map onto a dead-letter reason. */
    public enum Kind { NOT_JSON, NOT_AN_OBJECT, WRONG_TYPE, INVALID_VALUE }

    private final Kind kind;

    public InvalidRulesException(Kind kind, String detail) {
        super(detail);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
