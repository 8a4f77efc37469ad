package io.vipwarden.agent.command;

import io.vipwarden.agent.fence.Fencer;
import io.vipwarden.agent.keepalived.HavipBinding;
import io.vipwarden.events.Command;
import io.vipwarden.events.CommandResult.Outcome;
import io.vipwarden.events.EventType;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Reannounce;
import io.vipwarden.events.Remap;
import io.vipwarden.events.Unfence;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides and executes one command addressed to this node: ignores other nodes' commands, refuses a
 * command whose epoch is lower than the highest seen for its HaVip (the token fence), records the
 * epoch, then fences, unfences, re-announces or records the grant. Nothing here ever acts without a
 * command: losing Kafka or the coordinators leaves keepalived alone (fail static).
 */
public final class CommandHandler {
    private final String nodeId;
    private final Map<String, HavipBinding> bindings;
    private final EpochStore epochs;
    private final Fencer fencer;
    private final String reannounceCommand;
    private final Path keepalivedPidFile;

    public CommandHandler(String nodeId, Map<String, HavipBinding> bindings, EpochStore epochs, Fencer fencer,
            String reannounceCommand, Path keepalivedPidFile) {
        this.nodeId = nodeId;
        this.bindings = Map.copyOf(bindings);
        this.epochs = epochs;
        this.fencer = fencer;
        this.reannounceCommand = reannounceCommand;
        this.keepalivedPidFile = keepalivedPidFile;
    }

    /** What became of a command; published as a CommandResult. */
    public record Verdict(String havipId, String commandId, EventType type, long epoch, Outcome outcome,
            String detail) {
    }

    /** @return empty when the command is for another node */
    public synchronized Optional<Verdict> handle(Command command) {
        if (!nodeId.equals(command.nodeId())) {
            return Optional.empty();
        }
        EventType type = EventType.of(command);
        long highest = epochs.highest(command.havipId());
        if (command.epoch() < highest) {
            return Optional.of(verdict(command, type, Outcome.REFUSED_STALE_EPOCH,
                    "epoch " + command.epoch() + " is lower than " + highest + ", the highest seen for "
                            + command.havipId()));
        }
        HavipBinding binding = bindings.get(command.havipId());
        if (binding == null) {
            return Optional.of(verdict(command, type, Outcome.FAILED,
                    "HaVip " + command.havipId() + " is not served by node " + nodeId));
        }
        epochs.raise(command.havipId(), command.epoch());
        Fencer.Result result;
        if (command instanceof Fence) {
            result = fence(binding, true, command.epoch());
        } else if (command instanceof Unfence) {
            result = fence(binding, false, command.epoch());
        } else if (command instanceof Reannounce) {
            result = reannounce(binding);
        } else if (command instanceof Remap remap) {
            result = new Fencer.Result(true, "grant recorded: " + remap.havipId() + " owned by " + remap.nodeId()
                    + " at epoch " + remap.epoch());
        } else {
            result = new Fencer.Result(false, "unsupported command " + type);
        }
        return Optional.of(verdict(command, type, result.ok() ? Outcome.EXECUTED : Outcome.FAILED, result.detail()));
    }

    private Fencer.Result fence(HavipBinding binding, boolean fence, long epoch) {
        var havip = binding.havip();
        if (havip.fenceTrackFile() != null) {
            return fencer.writeTrackFile(havip.fenceTrackFile(), fence ? 1 : 0);
        }
        if (!havip.fenceScript().isEmpty()) {
            return fencer.run(List.of(havip.fenceScript(), fence ? "fence" : "unfence", havip.id(),
                    Long.toString(epoch)));
        }
        return new Fencer.Result(false, "HaVip " + havip.id()
                + " has neither fence.track-file.path nor fence.script configured on this node");
    }

    private Fencer.Result reannounce(HavipBinding binding) {
        if (reannounceCommand == null || reannounceCommand.isBlank()) {
            // A reload makes keepalived re-run its state machine; a MASTER sends gratuitous ARP again.
            return fencer.signal(keepalivedPidFile, 1);
        }
        String iface = binding.instance().map(i -> i.iface()).orElse("");
        return fencer.run(Fencer.template(reannounceCommand, Map.of("vip", binding.vip(), "interface",
                iface == null ? "" : iface, "instance", binding.instanceName(), "havip", binding.havipId())));
    }

    private static Verdict verdict(Command c, EventType type, Outcome outcome, String detail) {
        return new Verdict(c.havipId(), c.commandId(), type, c.epoch(), outcome, detail);
    }
}
