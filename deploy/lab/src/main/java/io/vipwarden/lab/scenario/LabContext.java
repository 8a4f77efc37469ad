package io.vipwarden.lab.scenario;

import io.vipwarden.events.VrrpState;
import io.vipwarden.lab.ControlPlane;
import io.vipwarden.lab.FifoLine;
import io.vipwarden.lab.Lab;
import io.vipwarden.lab.LabException;
import io.vipwarden.lab.LabNode;
import io.vipwarden.lab.Observer;
import io.vipwarden.lab.RealControlPlane;
import io.vipwarden.events.Command;
import io.vipwarden.events.HavipState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * What a scenario works with: the lab, the observer, the control plane (none yet), and a recorder
 * for timings, checks and notes that becomes the {@link ScenarioResult}.
 */
public final class LabContext {
    private static final Duration POLL = Duration.ofMillis(20);

    private final Lab lab;
    private final Observer observer;
    private final ControlPlane controlPlane;
    private final Map<String, Long> marks = new HashMap<>();
    private final Map<String, Long> timingsMs = new LinkedHashMap<>();
    private final List<Check> checks = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    LabContext(Lab lab, Observer observer, ControlPlane controlPlane, long labStartNanos) {
        this.lab = lab;
        this.observer = observer;
        this.controlPlane = controlPlane;
        marks.put("lab-start", labStartNanos);
    }

    public Lab lab() {
        return lab;
    }

    public Observer observer() {
        return observer;
    }

    /** {@link ControlPlane#NONE} while the lab runs keepalived alone. */
    public ControlPlane controlPlane() {
        return controlPlane;
    }

    /** The real control plane, when this run has one (empty while keepalived runs alone). */
    public Optional<RealControlPlane> real() {
        return controlPlane instanceof RealControlPlane real ? Optional.of(real) : Optional.empty();
    }

    /** The HaVip's epoch as the coordinators last published it; 0 before any grant or without a control plane. */
    public long epoch() {
        return real().flatMap(RealControlPlane::state).map(HavipState::epoch).orElse(0L);
    }

    /** Whether the coordinators grant the HaVip to {@code node} at an epoch above {@code epochAbove}. */
    public boolean grantedTo(LabNode node, long epochAbove) {
        return real().flatMap(RealControlPlane::state)
                .map(s -> node.name().equals(s.ownerNode()) && s.epoch() > epochAbove).orElse(false);
    }

    /** Whether the cloud (the emulator's MasterInstanceId) routes the VIP to {@code node}. */
    public boolean cloudRoutesTo(LabNode node) {
        return real().flatMap(RealControlPlane::cloudMaster).map(RealControlPlane.instanceId(node)::equals).orElse(false);
    }

    /** Commands of the given kind the coordinators sent since {@code nanos} (in the order the lab read them). */
    public List<Command> commandsSince(long nanos, Class<? extends Command> kind) {
        long since = System.currentTimeMillis() - (System.nanoTime() - nanos) / 1_000_000;
        return real().map(r -> r.commands().stream()
                .filter(o -> o.seenAt().toEpochMilli() >= since && kind.isInstance(o.event()))
                .map(o -> (Command) o.event()).toList()).orElse(List.of());
    }

    /** How long the control plane may take for a step: generous, the lab measures it. */
    public Duration controlPlaneTimeout() {
        return Duration.ofSeconds(20);
    }

    /**
     * With a control plane: waits until the coordinators grant the HaVip to {@code node} at a new
     * epoch and the cloud routes to it, recording {@code <step>-to-remap-ms} and
     * {@code <step>-to-cloud-master-ms} from {@code fromMark}. Without one it does nothing.
     */
    public void awaitControlPlaneFollows(String step, String fromMark, LabNode node, long epochBefore) {
        awaitControlPlaneFollows(step, fromMark, node, epochBefore, Map.of());
    }

    /**
     * As {@link #awaitControlPlaneFollows(String, String, LabNode, long)}, also recording the
     * {@code alsoTimed} timings; all of them are watched at once, so each one's time is when it first
     * held, whichever order they come in.
     */
    public void awaitControlPlaneFollows(String step, String fromMark, LabNode node, long epochBefore,
            Map<String, BooleanSupplier> alsoTimed) {
        if (real().isEmpty()) {
            return;
        }
        Map<String, BooleanSupplier> timed = new LinkedHashMap<>();
        timed.put(step + "-to-remap-ms", () -> grantedTo(node, epochBefore));
        timed.put(step + "-to-cloud-master-ms", () -> cloudRoutesTo(node));
        timed.putAll(alsoTimed);
        awaitEach(fromMark, controlPlaneTimeout(), "the coordinators grant the HaVip to " + node.name()
                + " at an epoch above " + epochBefore + " and the emulator's MasterInstanceId is "
                + RealControlPlane.instanceId(node), timed);
        HavipState s = real().get().state().orElseThrow();
        check("the coordinators remapped the HaVip to " + node.name() + " at a new epoch",
                node.name().equals(s.ownerNode()) && s.epoch() > epochBefore,
                "epoch " + epochBefore + " -> " + s.epoch() + ": " + s.lastReason());
        check("the cloud routes the VIP to " + node.name(), cloudRoutesTo(node),
                "MasterInstanceId " + real().get().cloudMaster().orElse(null));
    }

    /** Whether the emulator has {@code node}'s instance among the HaVip's associated instances. */
    public boolean cloudAssociates(LabNode node) {
        return real().map(r -> r.cloudAssociated().contains(RealControlPlane.instanceId(node))).orElse(false);
    }

    /**
     * Polls every condition every 20 ms until all have held, recording for each the time from
     * {@code fromMark} to the first poll that saw it hold.
     */
    public void awaitEach(String fromMark, Duration timeout, String what, Map<String, BooleanSupplier> timings) {
        Long from = marks.get(fromMark);
        if (from == null) {
            throw new IllegalArgumentException("no mark named " + fromMark);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, BooleanSupplier> pending = new LinkedHashMap<>(timings);
        while (true) {
            long now = System.nanoTime();
            pending.entrySet().removeIf(e -> {
                if (e.getValue().getAsBoolean()) {
                    timingsMs.put(e.getKey(), (now - from) / 1_000_000);
                    return true;
                }
                return false;
            });
            if (pending.isEmpty()) {
                return;
            }
            if (now > deadline) {
                throw new LabException("timed out after " + timeout.toMillis() + " ms waiting until " + what
                        + " (still missing: " + pending.keySet() + "; " + situation() + ")");
            }
            pause(POLL);
        }
    }

    /** What a timeout reports: the VIP holders and, with a control plane, its published state and the cloud's view. */
    private String situation() {
        return "VIP holders now " + lab.vipHolders() + real().map(cp -> "; published state "
                + cp.state().map(st -> st.ownerNode() + " at epoch " + st.epoch() + " " + st.phase()).orElse("none")
                + "; cloud master " + cp.cloudMaster().orElse("none") + ", associated " + cp.cloudAssociated())
                .orElse("");
    }

    /** Remembers "now" under a name, to measure later steps from it; returns the nanoTime. */
    public long mark(String name) {
        long now = System.nanoTime();
        marks.put(name, now);
        return now;
    }

    /** Waits until {@code condition} holds, polling every 20 ms, without recording a timing. */
    public void waitUntil(Duration timeout, String what, BooleanSupplier condition) {
        mark("wait");
        await("wait-ms", "wait", timeout, what, condition);
        timingsMs.remove("wait-ms");
    }

    /** Records a duration measured some other way (e.g. between two observer samples). */
    public void recordMillis(String timing, long millis) {
        timingsMs.put(timing, millis);
    }

    /** Records the time from {@code fromMark} to now under {@code timing}. */
    public long record(String timing, String fromMark) {
        return await(timing, fromMark, Duration.ZERO, "now", () -> true);
    }

    /** Waits until {@code condition} holds, polling every 20 ms; records the time since {@code fromMark}. */
    public long await(String timing, String fromMark, Duration timeout, String what, BooleanSupplier condition) {
        Long from = marks.get(fromMark);
        if (from == null) {
            throw new IllegalArgumentException("no mark named " + fromMark);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LabException("timed out after " + timeout.toMillis() + " ms waiting until " + what
                        + " (" + situation() + ")");
            }
            pause(POLL);
        }
        long now = System.nanoTime();
        timingsMs.put(timing, (now - from) / 1_000_000);
        return now;
    }

    /**
     * Records the time from {@code fromMark} to the first observer sample that satisfied
     * {@code condition} (resolution: the observer interval); false when no sample did.
     */
    public boolean recordFromSamples(String timing, String fromMark, Predicate<SortedSet<String>> condition) {
        long from = marks.get(fromMark);
        Optional<Observer.Sample> first = observer.samplesSince(from).stream()
                .filter(s -> condition.test(s.holders())).findFirst();
        first.ifPresent(s -> timingsMs.put(timing, (s.nanos() - from) / 1_000_000));
        return first.isPresent();
    }

    /**
     * Records the time from {@code fromMark} to the first notify FIFO line of {@code node} that
     * contains {@code text} (e.g. {@code " MASTER "}); false when there is none (or no FIFO tap).
     */
    public boolean recordFromFifo(String timing, String fromMark, LabNode node, String text) {
        long from = marks.get(fromMark);
        Optional<FifoLine> first = node.fifoLines().stream()
                .filter(l -> l.nanos() >= from && l.text().contains(text)).findFirst();
        first.ifPresent(l -> timingsMs.put(timing, (l.nanos() - from) / 1_000_000));
        return first.isPresent();
    }

    /** Records a fact; the scenario fails if any check fails, but it goes on to collect the rest. */
    public boolean check(String description, boolean passed, String detail) {
        checks.add(new Check(description, passed, detail));
        return passed;
    }

    public boolean check(String description, boolean passed) {
        return check(description, passed, null);
    }

    /** A check the following steps depend on: stops the scenario when it fails. */
    public void require(String description, boolean passed, String detail) {
        if (!check(description, passed, detail)) {
            throw new LabException("required check failed: " + description + (detail == null ? "" : " (" + detail + ")"));
        }
    }

    public void note(String text) {
        notes.add(text);
    }

    /** Lets the lab run for a while (an observation window, not a wait for a condition). */
    public void observeFor(Duration window) {
        pause(window);
    }

    /** Enough time for any election in this lab: the slowest master-down interval plus slack. */
    public Duration electionTimeout() {
        int lowest = lab.spec().nodePriority(lab.spec().nodeCount());
        return Duration.ofMillis((long) (lab.spec().masterDownSeconds(lowest) * 1000) + 5000);
    }

    /** Waits for the first election to settle on exactly one holder and returns that node. */
    public LabNode awaitInitialMaster() {
        await("initial-election-ms", "lab-start", electionTimeout(), "exactly one node holds the VIP",
                () -> lab.vipHolders().size() == 1);
        LabNode master = lab.node(lab.vipHolders().first());
        require("one initial MASTER holds the VIP", stateOf(master).equals(Optional.of(VrrpState.MASTER)),
                master.name() + " is " + stateOf(master).map(Enum::name).orElse("not running"));
        if (real().isPresent()) {
            await("initial-grant-ms", "lab-start", controlPlaneTimeout(),
                    "the coordinators grant the HaVip to " + master.name() + " and the cloud routes to it",
                    () -> grantedTo(master, 0) && cloudRoutesTo(master));
        }
        return master;
    }

    /** The holders among nodes whose keepalived runs (a killed keepalived leaves its VIP behind). */
    public SortedSet<String> liveHolders() {
        SortedSet<String> live = new TreeSet<>();
        for (LabNode node : lab.nodes()) {
            if (node.isKeepalivedRunning() && node.holdsVip()) {
                live.add(node.name());
            }
        }
        return live;
    }

    public Optional<VrrpState> stateOf(LabNode node) {
        return node.vrrpState();
    }

    /** The survivors of {@code excluded} that run keepalived. */
    public List<LabNode> others(LabNode... excluded) {
        List<LabNode> rest = new ArrayList<>(lab.nodes());
        rest.removeAll(List.of(excluded));
        return rest;
    }

    /** The single live node holding the VIP; throws if there is not exactly one. */
    public LabNode soleLiveHolder() {
        SortedSet<String> live = liveHolders();
        if (live.size() != 1) {
            throw new LabException("expected exactly one live VIP holder, found " + live);
        }
        return lab.node(live.first());
    }

    Map<String, Long> timingsMs() {
        return timingsMs;
    }

    List<Check> checks() {
        return checks;
    }

    List<String> notes() {
        return notes;
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("interrupted", e);
        }
    }
}
