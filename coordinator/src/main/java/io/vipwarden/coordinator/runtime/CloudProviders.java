package io.vipwarden.coordinator.runtime;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.cloud.HavipProvider;
import io.vipwarden.cloud.aliyun.AliyunHavipProvider;
import io.vipwarden.cloud.aliyun.AliyunSettings;
import io.vipwarden.cloud.arp.ArpOnlyHavipProvider;
import io.vipwarden.cloud.tencent.TencentHavipProvider;
import io.vipwarden.cloud.tencent.TencentSettings;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Makes the configured cloud provider; its settings problems join the config's own. */
public final class CloudProviders {
    private CloudProviders() {
    }

    /**
     * @param cloudConfig the {@code cloud.*} keys with the prefix removed (as {@code CoordinatorConfig.cloud()} gives them)
     * @return a factory taking the coordinator's metric registry
     * @throws CloudConfigException listing every problem of the provider's settings
     */
    public static Function<PrometheusRegistry, HavipProvider> factory(String provider, Map<String, String> cloudConfig,
            Map<String, String> env) throws CloudConfigException {
        Map<String, String> keys = new HashMap<>();
        cloudConfig.forEach((k, v) -> keys.put("cloud." + k, v));
        if ("arp".equals(provider)) {
            ArpOnlyHavipProvider arp = ArpOnlyHavipProvider.fromConfig(keys, Clock.systemUTC());
            return registry -> arp;
        }
        if ("alibaba".equals(provider)) {
            AliyunSettings settings = AliyunSettings.fromConfig(keys, env);
            return registry -> AliyunHavipProvider.create(settings, registry);
        }
        if ("tencent".equals(provider)) {
            TencentSettings settings = TencentSettings.fromConfig(keys, env);
            return registry -> TencentHavipProvider.create(settings, registry);
        }
        throw new CloudConfigException(List.of("cloud.provider: unknown provider '" + provider + "'"));
    }
}
