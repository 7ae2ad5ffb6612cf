package io.yuqing.radar.jobs.enrich;

import io.yuqing.radar.schemas.Post;

/** A raw message is either a valid post or a {@link Rejection}. */
public sealed interface ParseOutcome permits ParseOutcome.Valid, Rejection {

    record Valid(Post post) implements ParseOutcome {}
}
