package io.vipwarden.cloud;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloudErrorsTest {
    @ParameterizedTest
    @CsvSource({
        "alibaba, OperationConflict, true",
        "alibaba, LastTokenProcessing, true",
        "alibaba, IncorrectHaVipStatus, true",
        "alibaba, IncorrectStatus, true",
        "alibaba, SystemBusy, true",
        "alibaba, ServiceUnavailable, true",
        "alibaba, Throttling, true",
        "alibaba, Throttling.Api, true",
        "alibaba, SDK.ServerUnreachable, true",
        "alibaba, Timeout, true",
        "alibaba, InvalidHaVipId.NotFound, false",
        "alibaba, SignatureDoesNotMatch, false",
        "alibaba, InvalidAccessKeyId.NotFound, false",
        "alibaba, CountLimitExceeded.HaVipOnECSInstance, false",
        "alibaba, RequestLimitExceeded, false",
        "tencent, RequestLimitExceeded, true",
        "tencent, RequestLimitExceeded.UinLimitExceeded, true",
        "tencent, InternalError, true",
        "tencent, ResourceNotFound, false",
        "tencent, Throttling, false",
        "arp, UnsupportedOperation, false",
        "arp, Unreachable, true",
    })
    void shouldDecideRetryabilityInOnePlace(String provider, String code, boolean retryable) {
        assertEquals(retryable, CloudErrors.retryable(provider, code));
        assertEquals(retryable, CloudErrors.exception(provider, code, "m", null).retryable());
    }
}
