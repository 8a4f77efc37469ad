package io.vipwarden.cloud.aliyun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.cloud.RetryPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AliyunSettingsTest {
    static final Map<String, String> ENV = Map.of("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAIfromEnv",
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret-value");

    @Test
    void shouldUseDefaultsAndCredentialsFromTheEnvironment() throws Exception {
        AliyunSettings s = AliyunSettings.fromConfig(Map.of(), ENV);

        assertEquals("cn-hangzhou", s.regionId());
        assertEquals("vpc.aliyuncs.com", s.endpoint());
        assertFalse(s.http());
        assertEquals("LTAIfromEnv", s.credentials().accessKeyId());
        assertEquals(RetryPolicy.defaults(), s.retry());
    }

    @Test
    void shouldReadCredentialsFromAFileWhenTheEnvironmentHasNone(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("credentials"),
                "[default]\naccess_key_id = LTAIfromFile\naccess_key_secret = file-secret-value\n");

        AliyunSettings s = AliyunSettings.fromConfig(Map.of(AliyunSettings.CREDENTIALS_FILE, file.toString(),
                AliyunSettings.ENDPOINT, "127.0.0.1:18080", AliyunSettings.PROTOCOL, "http",
                RetryPolicy.CALL_TIMEOUT_MS, "750"), Map.of());

        assertEquals("LTAIfromFile", s.credentials().accessKeyId());
        assertEquals("file-secret-value", s.credentials().accessKeySecret());
        assertTrue(s.http());
        assertEquals(Duration.ofMillis(750), s.retry().callTimeout());
    }

    @Test
    void shouldListEveryProblemAtOnce() {
        CloudConfigException e = assertThrows(CloudConfigException.class, () -> AliyunSettings.fromConfig(Map.of(
                AliyunSettings.ENDPOINT, "https://vpc.aliyuncs.com/",
                AliyunSettings.PROTOCOL, "ftp",
                AliyunSettings.INSTANCE_TYPE, "Router",
                RetryPolicy.CALL_TIMEOUT_MS, "soon",
                RetryPolicy.OPERATION_TIMEOUT_MS, "-5"), Map.of()));

        assertEquals(6, e.problems().size(), e.problems().toString());
        assertTrue(e.getMessage().contains(AliyunSettings.PROTOCOL));
        assertTrue(e.getMessage().contains("ALIBABA_CLOUD_ACCESS_KEY_ID"));
    }

    @Test
    void shouldNeverShowTheSecret() throws Exception {
        String shown = AliyunSettings.fromConfig(Map.of(), ENV).toString();

        assertFalse(shown.contains("env-secret-value"), shown);
        assertFalse(shown.contains("LTAIfromEnv"), shown);
        assertTrue(shown.contains("LTAI****"), shown);
    }

    @Test
    void shouldKeepShortAsciiTokensAndDigestOthersStably() {
        String longToken = "havip-0123456789/node-with-a-long-name/epoch-123456789/associate-because-of-failover";

        assertEquals("abc-1", AliyunHavipProvider.token("abc-1"));
        assertEquals(AliyunHavipProvider.token(longToken), AliyunHavipProvider.token(longToken));
        assertEquals(64, AliyunHavipProvider.token(longToken).length());
        assertTrue(AliyunHavipProvider.token("épée").startsWith("vw-"));
        assertFalse(AliyunHavipProvider.token(null).isBlank());
    }
}
