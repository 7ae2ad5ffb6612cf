package io.yuqing.radar.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Who did something to a case: a unit and a role, never a named person (the ledger keeps 留痕 of
 * offices, not dossiers of people). {@code tokenId} names the API token the write came with, so a
 * write can be traced to an account without the ledger holding a person's name.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CaseActor(String unit, String role, String tokenId) {}
