package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.EnrichedPost;

/** A raw message is either enriched or a {@link Rejection}. */
public sealed interface EnrichOutcome permits EnrichOutcome.Enriched, Rejection {

    record Enriched(EnrichedPost post) implements EnrichOutcome {}
}
