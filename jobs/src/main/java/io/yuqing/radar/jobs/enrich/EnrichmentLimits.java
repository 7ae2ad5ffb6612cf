package io.yuqing.radar.jobs.enrich;

import java.io.Serializable;
import java.time.Duration;

/**
 * What the enrich job refuses, as configuration.
 *
 * @param maxMessageBytes  raw messages above this size go to the DLQ unparsed (default 1 MiB)
 * @param maxTextChars     normalised text above this length goes to the DLQ (contract: 20,000)
 * @param futureTolerance  how far in the future {@code created_at} may lie (default 10 min)
 */
public record EnrichmentLimits(int maxMessageBytes, int maxTextChars, Duration futureTolerance) implements Serializable {
    public static EnrichmentLimits defaults() {
        return new EnrichmentLimits(1 << 20, 20_000, Duration.ofMinutes(10));
    }
}
