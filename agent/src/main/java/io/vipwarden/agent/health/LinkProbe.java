package io.vipwarden.agent.health;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Healthy when the interface's operstate ({@code /sys/class/net/IF/operstate}) is "up" (or "unknown", as loopback and some virtual NICs report). */
final class LinkProbe implements Probe {
    private final Path operstate;
    private final String iface;

    LinkProbe(Path sysClassNet, String iface) {
        this.iface = iface;
        this.operstate = sysClassNet.resolve(iface).resolve("operstate");
    }

    @Override
    public Outcome run() {
        try {
            String state = Files.readString(operstate, StandardCharsets.US_ASCII).trim();
            return new Outcome(state.equals("up") || state.equals("unknown"), iface + " operstate " + state);
        } catch (IOException e) {
            return new Outcome(false, "cannot read " + operstate + ": " + e.getMessage());
        }
    }
}
