package io.vipwarden.agent.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vipwarden.agent.config.AgentConfig.HavipConfig;
import io.vipwarden.agent.fence.Fencer;
import io.vipwarden.agent.keepalived.HavipBinding;
import io.vipwarden.events.CommandResult.Outcome;
import io.vipwarden.events.Fence;
import io.vipwarden.events.Reannounce;
import io.vipwarden.events.Unfence;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandHandlerTest {
    @TempDir
    Path dir;

    private CommandHandler handler(HavipConfig havip, String reannounce) throws Exception {
        HavipBinding binding = new HavipBinding(havip, "VI_1", "192.0.2.100", Optional.empty());
        return new CommandHandler("node-a", Map.of(havip.id(), binding),
                EpochStore.open(dir.resolve("epochs.properties")), new Fencer(5000), reannounce,
                dir.resolve("no-such.pid"));
    }

    private HavipConfig trackFile(String id) {
        return new HavipConfig(id, "VI_1", "", dir.resolve("fence-" + id), "", List.of(), "", List.of());
    }

    @Test
    void shouldRunTheFenceScriptWithActionHavipAndEpoch() throws Exception {
        Path script = dir.resolve("fence.sh");
        Files.writeString(script, "#!/bin/sh\necho \"$1 $2 $3\" >> " + dir.resolve("calls") + "\n");
        script.toFile().setExecutable(true);
        HavipConfig havip = new HavipConfig("h1", "VI_1", "", null, script.toString(), List.of(), "", List.of());
        CommandHandler handler = handler(havip, "");
        assertEquals(Outcome.EXECUTED, handler.handle(new Fence("c1", "h1", "node-a", 3, "co", "r")).orElseThrow().outcome());
        assertEquals(Outcome.EXECUTED, handler.handle(new Unfence("c2", "h1", "node-a", 3, "co", "r")).orElseThrow().outcome());
        assertEquals(List.of("fence h1 3", "unfence h1 3"), Files.readAllLines(dir.resolve("calls")));
    }

    @Test
    void shouldReportAFailingFenceScript() throws Exception {
        HavipConfig havip = new HavipConfig("h1", "VI_1", "", null, "/bin/false", List.of(), "", List.of());
        CommandHandler.Verdict v = handler(havip, "").handle(new Fence("c1", "h1", "node-a", 1, "co", "r")).orElseThrow();
        assertEquals(Outcome.FAILED, v.outcome());
        assertTrue(v.detail().contains("exited 1"), v.detail());
    }

    @Test
    void shouldReannounceWithTheConfiguredCommandOrFailWithoutKeepalived() throws Exception {
        CommandHandler viaCommand = handler(trackFile("h1"), "touch " + dir.resolve("{havip}-{vip}-{instance}"));
        assertEquals(Outcome.EXECUTED,
                viaCommand.handle(new Reannounce("c1", "h1", "node-a", 1, "co", "r")).orElseThrow().outcome());
        assertTrue(Files.exists(dir.resolve("h1-192.0.2.100-VI_1")));
        CommandHandler viaSignal = handler(trackFile("h2"), "");
        CommandHandler.Verdict v = viaSignal.handle(new Reannounce("c2", "h2", "node-a", 1, "co", "r")).orElseThrow();
        assertEquals(Outcome.FAILED, v.outcome(), "no keepalived pid file: nothing to signal");
        assertTrue(v.detail().contains("no-such.pid"), v.detail());
    }

    @Test
    void shouldIgnoreOtherNodesAndAcceptAnEqualEpoch() throws Exception {
        CommandHandler handler = handler(trackFile("h1"), "");
        assertTrue(handler.handle(new Fence("c0", "h1", "node-b", 9, "co", "r")).isEmpty());
        assertEquals(Outcome.EXECUTED, handler.handle(new Fence("c1", "h1", "node-a", 4, "co", "r")).orElseThrow().outcome());
        assertEquals(Outcome.EXECUTED, handler.handle(new Unfence("c2", "h1", "node-a", 4, "co", "r")).orElseThrow().outcome());
        assertEquals("0", Files.readString(dir.resolve("fence-h1")).trim());
        assertEquals(Outcome.REFUSED_STALE_EPOCH,
                handler.handle(new Fence("c3", "h1", "node-a", 3, "co", "r")).orElseThrow().outcome());
        assertEquals(4, EpochStore.open(dir.resolve("epochs.properties")).highest("h1"), "persisted");
    }

    @Test
    void shouldReadTheTrackFileAsKeepalivedDoes() throws Exception {
        Path f = dir.resolve("track");
        assertEquals(false, Fencer.fenced(f));
        Files.writeString(f, "0\n");
        assertEquals(false, Fencer.fenced(f));
        Files.writeString(f, "1\n");
        assertEquals(true, Fencer.fenced(f));
        Files.writeString(f, "-5");
        assertEquals(true, Fencer.fenced(f));
    }
}
