package io.yuqing.radar.query;

/**
 * A request that ends in a known error response. Thrown from handlers and parameter parsing;
 * {@link QueryService} turns it into {@code status} + {@link ApiError}.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail, null, false, false); // a control-flow signal: no stack to capture
        this.status = status;
        this.error = error;
    }

    public static ApiException badParameter(String detail) {
        return new ApiException(400, "invalid_parameter", detail);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public static ApiException unavailable(String detail) {
        return new ApiException(503, "unavailable", detail);
    }

    public int status() {
        return status;
    }

    public ApiError body() {
        return new ApiError(error, getMessage());
    }
}
