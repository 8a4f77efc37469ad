package io.vipwarden.cloud.aliyun;

import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.RetryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of the Alibaba Cloud provider. Keys (all optional except credentials):
 * <ul>
 *   <li>{@code cloud.alibaba.region} — region id, default {@code cn-hangzhou}</li>
 *   <li>{@code cloud.alibaba.endpoint} — VPC API host[:port], default {@code vpc.aliyuncs.com};
 *       {@code 127.0.0.1:18080} for the emulator</li>
 *   <li>{@code cloud.alibaba.protocol} — {@code https} (default) or {@code http} (the emulator)</li>
 *   <li>{@code cloud.alibaba.instance.type} — {@code EcsInstance} (default) or {@code NetworkInterface}</li>
 *   <li>{@code cloud.alibaba.credentials.file} — properties file with {@code access_key_id} and
 *       {@code access_key_secret}, read when {@code ALIBABA_CLOUD_ACCESS_KEY_ID} /
 *       {@code ALIBABA_CLOUD_ACCESS_KEY_SECRET} are not both set</li>
 *   <li>the timing keys of {@link RetryPolicy} ({@code cloud.call.timeout.ms}, ...)</li>
 * </ul>
 */
public record AliyunSettings(String regionId, String endpoint, boolean http, String instanceType,
        CloudCredentials credentials, RetryPolicy retry) {
    public static final String REGION = "cloud.alibaba.region";
    public static final String ENDPOINT = "cloud.alibaba.endpoint";
    public static final String PROTOCOL = "cloud.alibaba.protocol";
    public static final String INSTANCE_TYPE = "cloud.alibaba.instance.type";
    public static final String CREDENTIALS_FILE = "cloud.alibaba.credentials.file";
    public static final String ENV_ACCESS_KEY_ID = "ALIBABA_CLOUD_ACCESS_KEY_ID";
    public static final String ENV_ACCESS_KEY_SECRET = "ALIBABA_CLOUD_ACCESS_KEY_SECRET";

    public AliyunSettings {
        if (regionId == null || regionId.isBlank()) {
            throw new IllegalArgumentException("regionId must be set");
        }
        if (endpoint == null || endpoint.isBlank() || endpoint.contains("/")) {
            throw new IllegalArgumentException("endpoint must be host[:port], got '" + endpoint + "'");
        }
        if (!Set.of("EcsInstance", "NetworkInterface").contains(instanceType)) {
            throw new IllegalArgumentException("instanceType must be EcsInstance or NetworkInterface, got '" + instanceType + "'");
        }
        if (credentials == null || retry == null) {
            throw new IllegalArgumentException("credentials and retry policy must be set");
        }
    }

    /** Reads every key; throws with the full list of problems when any is wrong. */
    public static AliyunSettings fromConfig(Map<String, String> config, Map<String, String> env) throws CloudConfigException {
        List<String> problems = new ArrayList<>();
        String region = value(config, REGION, "cn-hangzhou");
        String endpoint = value(config, ENDPOINT, "vpc.aliyuncs.com");
        if (endpoint.contains("/")) {
            problems.add(ENDPOINT + " must be host[:port] without a scheme or path, got '" + endpoint + "'");
        }
        String protocol = value(config, PROTOCOL, "https");
        if (!protocol.equals("https") && !protocol.equals("http")) {
            problems.add(PROTOCOL + " must be https or http, got '" + protocol + "'");
        }
        String type = value(config, INSTANCE_TYPE, "EcsInstance");
        if (!type.equals("EcsInstance") && !type.equals("NetworkInterface")) {
            problems.add(INSTANCE_TYPE + " must be EcsInstance or NetworkInterface, got '" + type + "'");
        }
        String file = config.get(CREDENTIALS_FILE);
        CloudCredentials credentials = CloudCredentials.resolve(env, ENV_ACCESS_KEY_ID, ENV_ACCESS_KEY_SECRET,
                file == null || file.isBlank() ? null : Path.of(file.trim()), problems);
        RetryPolicy retry = RetryPolicy.fromConfig(config, problems);
        if (!problems.isEmpty()) {
            throw new CloudConfigException(problems);
        }
        return new AliyunSettings(region, endpoint, protocol.equals("http"), type, credentials, retry);
    }

    private static String value(Map<String, String> config, String key, String dflt) {
        String v = config.get(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    public AliyunSettings withRetry(RetryPolicy value) {
        return new AliyunSettings(regionId, endpoint, http, instanceType, credentials, value);
    }

    /** The effective configuration with the credentials masked, for the start-up log. */
    @Override
    public String toString() {
        return "AliyunSettings[region=" + regionId + ", endpoint=" + (http ? "http://" : "https://") + endpoint
                + ", instanceType=" + instanceType + ", credentials=" + credentials + ", retry=" + retry + "]";
    }
}
