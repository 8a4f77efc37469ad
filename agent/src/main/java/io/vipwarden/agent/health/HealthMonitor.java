package io.vipwarden.agent.health;

import io.vipwarden.agent.config.AgentConfig.CheckConfig;
import io.vipwarden.events.HealthCheckResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs one HaVip's health checks on a shared scheduler and keeps each check's verdict. The HaVip is
 * healthy when every check is (no checks: healthy). {@code onChange} gets the full picture whenever
 * the overall verdict or any check's verdict changes.
 */
public final class HealthMonitor implements AutoCloseable {
    private final String havipId;
    private final List<Check> checks = new ArrayList<>();
    private final Consumer<HealthMonitor> onChange;
    private final List<ScheduledFuture<?>> tasks = new ArrayList<>();

    private static final class Check {
        final CheckConfig config;
        final Probe probe;
        final RiseFall verdict;
        volatile String detail = "not run yet";

        Check(CheckConfig config, Probe probe) {
            this.config = config;
            this.probe = probe;
            this.verdict = new RiseFall(config.rise(), config.fall());
        }
    }

    public HealthMonitor(String havipId, List<CheckConfig> configs, Path sysClassNet, Consumer<HealthMonitor> onChange) {
        this.havipId = havipId;
        this.onChange = onChange;
        for (CheckConfig c : configs) {
            checks.add(new Check(c, Probe.of(c, sysClassNet)));
        }
    }

    public String havipId() {
        return havipId;
    }

    public void start(ScheduledExecutorService scheduler) {
        for (Check check : checks) {
            tasks.add(scheduler.scheduleWithFixedDelay(() -> runOnce(check), 0, check.config.intervalMs(),
                    TimeUnit.MILLISECONDS));
        }
    }

    private void runOnce(Check check) {
        Probe.Outcome outcome = check.probe.run();
        boolean changed;
        synchronized (check.verdict) {
            check.detail = outcome.detail();
            changed = check.verdict.record(outcome.ok());
        }
        if (changed) {
            onChange.accept(this);
        }
    }

    /** Healthy when every check passes; a check that has not run yet counts as passing. */
    public boolean healthy() {
        return checks.stream().allMatch(c -> !c.verdict.decided() || c.verdict.healthy());
    }

    public List<HealthCheckResult> results() {
        List<HealthCheckResult> out = new ArrayList<>(checks.size());
        for (Check c : checks) {
            synchronized (c.verdict) {
                out.add(new HealthCheckResult(c.config.name(), c.config.type(),
                        !c.verdict.decided() || c.verdict.healthy(), c.detail));
            }
        }
        return out;
    }

    @Override
    public void close() {
        tasks.forEach(t -> t.cancel(true));
    }
}
