package io.yuqing.radar.connectors.elasticsearch;

import io.yuqing.radar.schemas.Settings;

import java.util.Locale;

/**
 * {@code es.ilm.enabled}: whether the index templates get lifecycle policies. ILM is an X-Pack
 * feature (free in the default distribution of 7.x, always there in 8.x and 9.x, except
 * serverless); the Apache-2.0 7.10 node of the local stack has no ILM and refuses the
 * {@code index.lifecycle.name} setting, so {@code auto} asks the cluster first.
 */
public enum IlmMode {
    /** Policies when the cluster has ILM and lets us use it; templates without them otherwise. */
    AUTO,
    /** Policies, and a cluster without ILM is an error. */
    ENABLED,
    /** Never: templates without policies, the cluster is not asked. */
    DISABLED;

    public static final String KEY = "es.ilm.enabled";

    public static IlmMode from(Settings s) {
        return parse(s.get(KEY));
    }

    public static IlmMode parse(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "true" -> ENABLED;
            case "false" -> DISABLED;
            default -> throw new IllegalArgumentException(KEY + " must be auto, true or false, got '" + value + "'");
        };
    }

    /** The value as written in configuration. */
    public String value() {
        return switch (this) {
            case AUTO -> "auto";
            case ENABLED -> "true";
            case DISABLED -> "false";
        };
    }

    /**
     * Whether templates get policies on a cluster that answered {@code support}.
     *
     * @throws IllegalStateException when ILM is required ({@code true}) and the cluster cannot give it,
     *                               so a retention the operator asked for is never silently missing
     */
    public boolean apply(IlmSupport support) {
        return switch (this) {
            case DISABLED -> false;
            case AUTO -> support.available();
            case ENABLED -> {
                if (!support.available()) {
                    throw new IllegalStateException(KEY + "=true but " + support.reason()
                            + "; set " + KEY + "=auto or false to install the index templates without lifecycle policies");
                }
                yield true;
            }
        };
    }
}
