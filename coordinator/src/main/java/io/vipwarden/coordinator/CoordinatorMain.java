package io.vipwarden.coordinator;

import io.vipwarden.cloud.CloudConfigException;
import io.vipwarden.coordinator.config.ConfigException;
import io.vipwarden.coordinator.config.ConfigKey;
import io.vipwarden.coordinator.config.CoordinatorConfig;
import io.vipwarden.coordinator.runtime.CloudProviders;
import io.vipwarden.coordinator.runtime.Coordinator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import io.vipwarden.coordinator.executor.CloudExecutor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A coordinator cluster member: entry point of `./vipwarden coordinator`. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = {"A coordinator cluster member of vipwarden: epochs, fencing, split-brain arbitration.",
                "Exit codes: 0 stopped, 2 bad configuration (every problem listed), 1 failed to start."})
public final class CoordinatorMain implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
    Path config;

    @Option(names = "--config-reference", description = "Print every configuration key with its default, unit and meaning, then exit.")
    boolean reference;

    public static void main(String[] args) {
        System.exit(new CommandLine(new CoordinatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        if (reference) {
            for (ConfigKey k : CoordinatorConfig.KEYS) {
                System.out.printf("%-28s default %-18s %s%s%n", k.name(), k.defaultValue(),
                        k.unit().isEmpty() ? "" : "(" + k.unit() + ") ", k.description());
            }
            System.out.println("pass-through: hazelcast.* (Hazelcast properties), kafka.consumer.* / kafka.producer.*"
                    + " (Kafka client keys), cloud.* (provider settings, e.g. cloud.alibaba.endpoint)");
            return 0;
        }
        if (config == null) {
            System.err.println("vipwarden coordinator: --config FILE is required (--help for options)");
            return 2;
        }
        List<String> problems = new ArrayList<>();
        CoordinatorConfig cfg = null;
        try {
            cfg = CoordinatorConfig.load(config);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        Coordinator.Options options = null;
        if (cfg != null) {
            try {
                options = new Coordinator.Options(Clock.systemUTC(),
                        CloudProviders.factory(cfg.cloudProvider(), cfg.cloud(), System.getenv()),
                        CloudExecutor.BeforeRun.NONE);
            } catch (CloudConfigException e) {
                problems.addAll(e.problems());
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("vipwarden coordinator: " + problems.size() + " configuration problem(s) in " + config + ":");
            problems.forEach(p -> System.err.println("  - " + p));
            return 2;
        }
        Coordinator coordinator;
        try {
            coordinator = Coordinator.start(cfg, options);
        } catch (RuntimeException e) {
            System.err.println("vipwarden coordinator: failed to start: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            coordinator.close();
            stopped.countDown();
        }, "coordinator-shutdown"));
        stopped.await();
        return 0;
    }
}
