package io.vipwarden.bench.process;

/**
 * The JVM options the launcher gives each service ({@code default_jvm_opts} in ./vipwarden), which
 * passes them to the benchmarks as {@code VIPWARDEN_<SERVICE>_JVM_OPTS}: a service is measured as it runs.
 */
public final class ServiceJvmOptions {
    /** The launcher's agent options, used when the benchmark is started without the launcher. */
    static final String AGENT_FALLBACK = "-Xms8m -Xmx48m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k"
            + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=64m";

    private ServiceJvmOptions() {
    }

    public static String agent() {
        return env("VIPWARDEN_AGENT_JVM_OPTS", AGENT_FALLBACK);
    }

    public static String gateway() {
        return env("VIPWARDEN_GATEWAY_JVM_OPTS", "");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null ? fallback : v;
    }
}
