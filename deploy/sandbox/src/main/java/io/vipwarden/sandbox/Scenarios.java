package io.vipwarden.sandbox;

import io.vipwarden.events.Command;
import io.vipwarden.events.Fence;
import io.vipwarden.events.HavipState;
import io.vipwarden.events.Unfence;
import io.vipwarden.events.VrrpState;
import io.vipwarden.sandbox.sim.SimulatedNode;
import io.vipwarden.sandbox.sim.SimulatedVrrpGroup;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The sandbox's scripted scenarios. Each acts only through what a real fleet has — keepalived's
 * behaviour (kill, drop adverts) — and then watches what vipwarden does about it through its
 * topics and the emulator, timing every step.
 */
final class Scenarios {
    private final SandboxStack stack;
    private final StateWatcher watcher;
    private final Clock clock;

    /** One scenario's verdict and its timings (milliseconds from the fault). */
    record Result(String scenario, String havipId, boolean passed, Map<String, Long> timingsMs, List<String> notes) {
    }

    Scenarios(SandboxStack stack, StateWatcher watcher, Clock clock) {
        this.stack = stack;
        this.watcher = watcher;
        this.clock = clock;
    }

    /** SIGKILL the MASTER's keepalived: the BACKUP takes over, vipwarden remaps at a new epoch. */
    Result failover(SandboxStack.Pair pair) throws Exception {
        Map<String, Long> t = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        SimulatedVrrpGroup group = pair.group();
        HavipState before = watcher.state(pair.havipId()).orElseThrow();
        SimulatedNode master = group.masters().get(0);
        SimulatedNode backup = other(group, master);
        Instant kill = clock.instant();
        group.kill(master.nodeId());
        notes.add("killed keepalived on " + master.nodeId() + " (owner at epoch " + before.epoch() + ")");
        boolean takeover = await(() -> group.masters().stream().anyMatch(n -> n == backup), Duration.ofSeconds(20));
        t.put("keepalived takeover", since(kill));
        Optional<HavipState> remapped = watcher.awaitState(pair.havipId(),
                s -> s.epoch() > before.epoch() && backup.nodeId().equals(s.ownerNode()), Duration.ofSeconds(30));
        t.put("new epoch, owner " + backup.nodeId(), since(kill));
        boolean cloud = await(() -> backup.cloudInstanceId().equals(cloudMaster(pair.havipId())), Duration.ofSeconds(30));
        t.put("cloud routes to " + backup.cloudInstanceId(), since(kill));
        remapped.ifPresent(s -> notes.add("epoch " + before.epoch() + " -> " + s.epoch() + ": " + s.lastReason()));
        group.start(master.nodeId(), clock.instant());
        boolean rejoined = await(() -> master.state() == VrrpState.BACKUP, Duration.ofSeconds(15));
        notes.add(master.nodeId() + " restarted, back as " + master.state());
        return new Result("failover", pair.havipId(), takeover && remapped.isPresent() && cloud && rejoined, t, notes);
    }

    /** Drop VRRP adverts between the two nodes: both claim MASTER; vipwarden keeps one and fences the other. */
    Result splitBrain(SandboxStack.Pair pair) throws Exception {
        Map<String, Long> t = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        SimulatedVrrpGroup group = pair.group();
        HavipState before = watcher.state(pair.havipId()).orElseThrow();
        int commandsBefore = watcher.commands().size();
        Instant block = clock.instant();
        group.blockAdverts(true);
        notes.add("dropping VRRP adverts between the nodes of " + pair.havipId());
        boolean both = await(() -> group.masters().size() == 2, Duration.ofSeconds(20));
        t.put("both MASTER", since(block));
        Optional<Command> fence = awaitCommand(pair.havipId(), Fence.class, commandsBefore, Duration.ofSeconds(30));
        t.put("Fence command", since(block));
        String fenced = fence.map(Command::nodeId).orElse(null);
        SimulatedNode loser = fenced == null ? null : group.node(fenced);
        SimulatedNode keeper = loser == null ? null : other(group, loser);
        boolean trackFile = loser != null && await(() -> trackFileSet(loser.trackFile()), Duration.ofSeconds(15));
        boolean fault = loser != null && await(() -> loser.state() == VrrpState.FAULT, Duration.ofSeconds(15));
        t.put("fenced node FAULT, VIP released", since(block));
        boolean unassociated = loser != null && await(() -> !associated(pair.havipId()).contains(loser.cloudInstanceId()),
                Duration.ofSeconds(30));
        t.put("fenced node unassociated in the cloud", since(block));
        boolean oneOwner = keeper != null && group.masters().size() == 1 && group.masters().get(0) == keeper
                && keeper.nodeId().equals(watcher.state(pair.havipId()).map(HavipState::ownerNode).orElse(null));
        if (loser != null) {
            notes.add("kept " + keeper.nodeId() + " (owner at epoch " + before.epoch() + "), fenced " + loser.nodeId()
                    + ": " + fence.get().reason());
        }
        Instant heal = clock.instant();
        group.blockAdverts(false);
        Optional<Command> unfence = awaitCommand(pair.havipId(), Unfence.class, commandsBefore, Duration.ofSeconds(60));
        t.put("healed -> Unfence command", since(heal));
        boolean rejoined = loser != null && await(() -> loser.state() == VrrpState.BACKUP
                && associated(pair.havipId()).contains(loser.cloudInstanceId()), Duration.ofSeconds(30));
        t.put("healed -> fenced node BACKUP and associated again", since(heal));
        notes.add(unfence.isPresent() ? "unfenced " + unfence.get().nodeId() + " after the heal" : "no Unfence seen");
        boolean passed = both && fence.isPresent() && trackFile && fault && unassociated && oneOwner
                && unfence.isPresent() && rejoined;
        return new Result("split-brain", pair.havipId(), passed, t, notes);
    }

    /** Kill the MASTER again and again: after the failover budget, automation on the HaVip freezes. */
    Result flapping(SandboxStack.Pair pair, int budget, Duration holdDown) throws Exception {
        Map<String, Long> t = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        SimulatedVrrpGroup group = pair.group();
        Instant begin = clock.instant();
        for (int round = 1; round <= budget + 1; round++) {
            Optional<HavipState> frozen = watcher.awaitState(pair.havipId(), HavipState::frozen, Duration.ofMillis(10));
            if (frozen.isPresent()) {
                break;
            }
            await(() -> group.masters().size() == 1, Duration.ofSeconds(15));
            if (group.masters().isEmpty()) {
                notes.add("round " + round + ": no master to kill");
                break;
            }
            SimulatedNode master = group.masters().get(0);
            SimulatedNode backup = other(group, master);
            long epoch = watcher.state(pair.havipId()).map(HavipState::epoch).orElse(0L);
            group.kill(master.nodeId());
            await(() -> group.masters().contains(backup), Duration.ofSeconds(15));
            watcher.awaitState(pair.havipId(), s -> s.epoch() > epoch || s.frozen(), Duration.ofSeconds(15));
            group.start(master.nodeId(), clock.instant());
            notes.add("round " + round + ": killed " + master.nodeId() + ", epoch now "
                    + watcher.state(pair.havipId()).map(HavipState::epoch).orElse(-1L));
            // Wait out the hold-down so the next kill counts as a failover of its own.
            Thread.sleep(holdDown.toMillis() + 500);
        }
        Optional<HavipState> frozen = watcher.awaitState(pair.havipId(), HavipState::frozen, Duration.ofSeconds(15));
        t.put("frozen", since(begin));
        frozen.ifPresent(s -> notes.add("automation frozen: " + s.lastReason()
                + " (acknowledge: POST /api/v1/havips/" + pair.havipId() + "/acknowledge)"));
        return new Result("flapping", pair.havipId(), frozen.isPresent(), t, notes);
    }

    private Optional<Command> awaitCommand(String havipId, Class<? extends Command> type, int after, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<StateWatcher.Observed<Command>> all = watcher.commands();
            for (int i = Math.min(after, all.size()); i < all.size(); i++) {
                Command c = all.get(i).event();
                if (type.isInstance(c) && c.havipId().equals(havipId)) {
                    return Optional.of(c);
                }
            }
            Thread.sleep(50);
        }
        return Optional.empty();
    }

    private String cloudMaster(String havipId) {
        return stack.emulator().state().haVips().stream().filter(h -> h.haVipId().equals(havipId))
                .map(h -> h.masterInstanceId()).findFirst().orElse(null);
    }

    private List<String> associated(String havipId) {
        return stack.emulator().state().haVips().stream().filter(h -> h.haVipId().equals(havipId))
                .map(h -> h.associatedInstances()).findFirst().orElse(List.of());
    }

    private static boolean trackFileSet(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return !text.isEmpty() && Long.parseLong(text.split("\\s+")[0]) != 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static SimulatedNode other(SimulatedVrrpGroup group, SimulatedNode node) {
        return group.nodes().stream().filter(n -> n != node).findFirst().orElseThrow();
    }

    private long since(Instant start) {
        return Duration.between(start, clock.instant()).toMillis();
    }

    private static boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }
}
