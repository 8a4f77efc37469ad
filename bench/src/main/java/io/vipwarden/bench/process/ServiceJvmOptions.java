package io.vipwarden.bench.process;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JVM options the launcher gives each service ({@code default_jvm_opts} in ./vipwarden), which
 * passes them to the benchmarks as {@code VIPWARDEN_<SERVICE>_JVM_OPTS}: a service is measured as it runs.
 */
public final class ServiceJvmOptions {
    /** The launcher's agent options, used when the benchmark is started without the launcher. */
    static final String AGENT_FALLBACK = "-Xms8m -Xmx48m -Xmn2m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30"
            + " -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10"
            + " -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m -XX:+ExitOnOutOfMemoryError";
    /** The launcher's agent environment ({@code service_env agent}), used without the launcher. */
    static final String AGENT_ENV_FALLBACK = "MALLOC_ARENA_MAX=2";

    private ServiceJvmOptions() {
    }

    public static String agent() {
        return env("VIPWARDEN_AGENT_JVM_OPTS", AGENT_FALLBACK);
    }

    /** The environment the launcher gives the agent's JVM, as NAME=VALUE pairs ({@code VIPWARDEN_AGENT_ENV}). */
    public static Map<String, String> agentEnvironment() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : env("VIPWARDEN_AGENT_ENV", AGENT_ENV_FALLBACK).trim().split("\\s+")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return out;
    }

    public static String gateway() {
        return env("VIPWARDEN_GATEWAY_JVM_OPTS", "");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
