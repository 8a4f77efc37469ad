package io.vipwarden.cloud.tencent;

import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.cloud.CloudCredentials;
import io.vipwarden.cloud.RetryPolicy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Configuration of the Tencent Cloud provider. Keys (all optional except credentials):
 * <ul>
 *   <li>{@code cloud.tencent.region} — region, default {@code ap-guangzhou}</li>
 *   <li>{@code cloud.tencent.endpoint} — VPC API host[:port], default {@code vpc.tencentcloudapi.com}</li>
 *   <li>{@code cloud.tencent.protocol} — {@code https} (default) or {@code http} (local test servers)</li>
 *   <li>{@code cloud.tencent.instance.type} — {@code CVM} (default) or {@code ENI}</li>
 *   <li>{@code cloud.tencent.credentials.file} — properties file with {@code access_key_id} (SecretId)
 *       and {@code access_key_secret} (SecretKey), read when {@code TENCENTCLOUD_SECRET_ID} /
 *       {@code TENCENTCLOUD_SECRET_KEY} are not both set</li>
 *   <li>the timing keys of {@link RetryPolicy}; the Tencent SDK takes timeouts in whole seconds, so
 *       {@code cloud.call.timeout.ms} is rounded up to a second</li>
 * </ul>
 */
public record TencentSettings(String region, String endpoint, boolean http, String instanceType,
        CloudCredentials credentials, RetryPolicy retry) {
    public static final String REGION = "cloud.tencent.region";
    public static final String ENDPOINT = "cloud.tencent.endpoint";
    public static final String PROTOCOL = "cloud.tencent.protocol";
    public static final String INSTANCE_TYPE = "cloud.tencent.instance.type";
    public static final String CREDENTIALS_FILE = "cloud.tencent.credentials.file";
    public static final String ENV_SECRET_ID = "TENCENTCLOUD_SECRET_ID";
    public static final String ENV_SECRET_KEY = "TENCENTCLOUD_SECRET_KEY";

    public TencentSettings {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("region must be set");
        }
        if (endpoint == null || endpoint.isBlank() || endpoint.contains("/")) {
            throw new IllegalArgumentException("endpoint must be host[:port], got '" + endpoint + "'");
        }
        if (!"CVM".equals(instanceType) && !"ENI".equals(instanceType)) {
            throw new IllegalArgumentException("instanceType must be CVM or ENI, got '" + instanceType + "'");
        }
        if (credentials == null || retry == null) {
            throw new IllegalArgumentException("credentials and retry policy must be set");
        }
    }

    /** Reads every key; throws with the full list of problems when any is wrong. */
    public static TencentSettings fromConfig(Map<String, String> config, Map<String, String> env) throws CloudConfigException {
        List<String> problems = new ArrayList<>();
        String region = value(config, REGION, "ap-guangzhou");
        String endpoint = value(config, ENDPOINT, "vpc.tencentcloudapi.com");
        if (endpoint.contains("/")) {
            problems.add(ENDPOINT + " must be host[:port] without a scheme or path, got '" + endpoint + "'");
        }
        String protocol = value(config, PROTOCOL, "https");
        if (!protocol.equals("https") && !protocol.equals("http")) {
            problems.add(PROTOCOL + " must be https or http, got '" + protocol + "'");
        }
        String type = value(config, INSTANCE_TYPE, "CVM");
        if (!type.equals("CVM") && !type.equals("ENI")) {
            problems.add(INSTANCE_TYPE + " must be CVM or ENI, got '" + type + "'");
        }
        String file = config.get(CREDENTIALS_FILE);
        CloudCredentials credentials = CloudCredentials.resolve(env, ENV_SECRET_ID, ENV_SECRET_KEY,
                file == null || file.isBlank() ? null : Path.of(file.trim()), problems);
        RetryPolicy retry = RetryPolicy.fromConfig(config, problems);
        if (!problems.isEmpty()) {
            throw new CloudConfigException(problems);
        }
        return new TencentSettings(region, endpoint, protocol.equals("http"), type, credentials, retry);
    }

    private static String value(Map<String, String> config, String key, String dflt) {
        String v = config.get(key);
        return v == null || v.isBlank() ? dflt : v.trim();
    }

    /** The effective configuration with the credentials masked. */
    @Override
    public String toString() {
        return "TencentSettings[region=" + region + ", endpoint=" + (http ? "http://" : "https://") + endpoint
                + ", instanceType=" + instanceType + ", credentials=" + credentials + ", retry=" + retry + "]";
    }
}
