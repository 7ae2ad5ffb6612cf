package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.DeadLetterReason;

/** Why a raw message cannot become an enriched post; it goes to the dead-letter topic. */
public record Rejection(DeadLetterReason reason, String detail) implements ParseOutcome, EnrichOutcome {}
