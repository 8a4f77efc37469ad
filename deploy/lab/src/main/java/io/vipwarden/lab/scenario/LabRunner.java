package io.vipwarden.lab.scenario;

import io.vipwarden.lab.ControlPlane;
import io.vipwarden.lab.HolderChange;
import io.vipwarden.lab.Lab;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.Observer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs scenarios, one fresh lab (and one fresh control plane, when there is one) each, and turns what happened into {@link ScenarioResult}s. A
 * failing step ends that scenario (with its error in the result), never the run; the lab is torn
 * down whatever happens.
 */
public final class LabRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LabRunner.class);

    private final Clock clock;
    private final Supplier<ControlPlane> controlPlanes;

    /** keepalived alone. */
    public LabRunner(Clock clock) {
        this(clock, () -> ControlPlane.NONE);
    }

    /** With a control plane per scenario (the integrator's agents, coordinators, gateway, emulator). */
    public LabRunner(Clock clock, Supplier<ControlPlane> controlPlanes) {
        this.clock = clock;
        this.controlPlanes = controlPlanes;
    }

    public List<ScenarioResult> runAll(List<LabScenario> scenarios) {
        List<ScenarioResult> results = new ArrayList<>();
        for (LabScenario scenario : scenarios) {
            results.add(run(scenario));
        }
        return results;
    }

    public ScenarioResult run(LabScenario scenario) {
        Instant startedAt = clock.instant();
        long start = System.nanoTime();
        LOG.info("scenario {}: {}", scenario.name(), scenario.description());
        ControlPlane controlPlane = controlPlanes.get();
        LabContext ctx = null;
        String error = null;
        List<String> timeline = new ArrayList<>();
        Map<String, List<String>> fifo = new LinkedHashMap<>();
        try (Lab lab = Lab.start(scenario.spec().withFifoTap(!controlPlane.readsNotifyFifos()), clock);
             Observer observer = Observer.start(lab, scenario.observerInterval(), clock);
             ControlPlane cp = controlPlane) {
            ctx = new LabContext(lab, observer, cp, start);
            try {
                ctx.mark("control-plane-start");
                cp.start(lab, observer);
                if (cp != ControlPlane.NONE) {
                    ctx.record("control-plane-start-ms", "control-plane-start");
                }
                scenario.run(ctx);
                if (observer.failure() != null) {
                    error = "the observer could not sample: " + observer.failure().getMessage();
                }
            } catch (Exception e) {
                error = describe(e);
                LOG.warn("scenario {} stopped: {}", scenario.name(), error);
            } finally {
                observer.flush();
                for (HolderChange change : observer.changes()) {
                    timeline.add("+" + (change.nanos() - start) / 1_000_000 + " ms: " + change.before() + " -> " + change.after());
                }
                for (LabNode node : lab.nodes()) {
                    fifo.put(node.name(), node.fifoLines().stream()
                            .map(l -> "+" + (l.nanos() - start) / 1_000_000 + " ms: " + l.text()).toList());
                }
            }
        } catch (Exception e) {
            // the lab could not be built or torn down
            error = error == null ? describe(e) : error + "; then " + describe(e);
        }
        long durationMs = (System.nanoTime() - start) / 1_000_000;
        boolean passed = error == null && ctx != null && !ctx.checks().isEmpty()
                && ctx.checks().stream().allMatch(Check::passed);
        ScenarioResult result = new ScenarioResult(scenario.name(), scenario.description(), passed, startedAt,
                durationMs, ctx == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ctx.timingsMs())),
                ctx == null ? List.of() : List.copyOf(ctx.checks()), timeline, fifo,
                ctx == null ? List.of() : List.copyOf(ctx.notes()), error);
        LOG.info("scenario {}: {} in {} ms, timings {}", scenario.name(), passed ? "PASS" : "FAIL", durationMs,
                result.timingsMs());
        return result;
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
