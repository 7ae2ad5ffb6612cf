package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The publishing account as the platform reports it. Only aggregate use: follower counts weigh
 * reach, ids may be pseudonymised by configuration (see EnrichedPost).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Author(String id, String name, Long followers, Boolean verified) {}
