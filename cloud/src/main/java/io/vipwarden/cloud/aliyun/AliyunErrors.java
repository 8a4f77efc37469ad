package io.vipwarden.cloud.aliyun;

import com.aliyuncs.exceptions.ClientException;
import io.vipwarden.cloud.CloudErrors;
import io.vipwarden.cloud.CloudException;

/** Turns the Alibaba SDK's exceptions into {@link CloudException}s; {@link CloudErrors} decides retryability. */
final class AliyunErrors {
    static final String PROVIDER = "alibaba";

    private AliyunErrors() {
    }

    /**
     * 4xx answers arrive as {@code ClientException}, 5xx as {@code ServerException} (a subclass), and
     * transport failures as {@code ClientException} with {@code SDK.*} codes.
     */
    static CloudException map(String action, ClientException e) {
        String code = e.getErrCode() == null ? "SDK.Unknown" : e.getErrCode();
        String message = action + " failed: " + e.getErrMsg() + (e.getRequestId() == null ? "" : " (RequestId " + e.getRequestId() + ")");
        return CloudErrors.exception(PROVIDER, code, message, e);
    }

    /** Anything else the SDK throws (it should not): fatal, with the exception's class as code. */
    static CloudException unexpected(String action, RuntimeException e) {
        return CloudErrors.exception(PROVIDER, "SDK." + e.getClass().getSimpleName(), action + " failed: " + e, e);
    }
}
