package io.vipwarden.cloud.tencent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.cloud.CloudConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TencentSettingsTest {
    @Test
    void shouldUseDefaultsAndTheTencentEnvironmentVariables() throws Exception {
        TencentSettings s = TencentSettings.fromConfig(Map.of(),
                Map.of("TENCENTCLOUD_SECRET_ID", "AKIDfromEnv", "TENCENTCLOUD_SECRET_KEY", "tencent-secret-value"));

        assertEquals("ap-guangzhou", s.region());
        assertEquals("vpc.tencentcloudapi.com", s.endpoint());
        assertEquals("CVM", s.instanceType());
        assertFalse(s.toString().contains("tencent-secret-value"), s.toString());
        assertTrue(s.toString().contains("AKID****"), s.toString());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        CloudConfigException e = assertThrows(CloudConfigException.class, () -> TencentSettings.fromConfig(Map.of(
                TencentSettings.PROTOCOL, "gopher", TencentSettings.INSTANCE_TYPE, "VM",
                "cloud.retry.max.backoff.ms", "0"), Map.of()));

        assertEquals(4, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains("TENCENTCLOUD_SECRET_ID"));
    }
}
