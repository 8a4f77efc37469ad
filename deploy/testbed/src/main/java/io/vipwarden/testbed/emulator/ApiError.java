package io.vipwarden.testbed.emulator;

/**
 * An error the emulated VPC API answers with: the Alibaba Cloud error code, its message and the HTTP
 * status the real service uses for it (4xx becomes the SDK's ClientException, 5xx its ServerException).
 */
final class ApiError extends RuntimeException {
    private final String code;
    private final int httpStatus;

    ApiError(int httpStatus, String code, String message) {
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }

    static ApiError missing(String parameter) {
        return new ApiError(400, "MissingParameter",
                "The input parameter \"" + parameter + "\" that is mandatory for processing this request is not supplied.");
    }

    static ApiError invalid(String parameter, String value) {
        return new ApiError(400, "InvalidParameter",
                "The specified parameter \"" + parameter + "\" is not valid: " + value);
    }

    static ApiError havipNotFound(String havipId) {
        return new ApiError(404, "InvalidHaVipId.NotFound", "The specified HaVipId does not exist: " + havipId);
    }
}
