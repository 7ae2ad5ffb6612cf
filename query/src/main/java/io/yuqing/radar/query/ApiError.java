package io.yuqing.radar.query;

/**
 * The body of every error response: a stable machine-readable {@code error} code and a
 * human-readable {@code detail}. Never carries a stack trace or an exception message from a
 * backend (those can name hosts and internals); the log has them.
 */
public record ApiError(String error, String detail) {}
