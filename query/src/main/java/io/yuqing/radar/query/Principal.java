package io.yuqing.radar.query;

/**
 * Who a request acts as: a token's id (never its secret), its role and its unit. Units and duty
 * roles, never named people: the audit and the case events carry these three.
 */
record Principal(String tokenId, Role role, String unit) {
}
