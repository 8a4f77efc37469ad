package io.vipwarden.agent.health;

import io.vipwarden.agent.config.AgentConfig.CheckConfig;
import java.nio.file.Path;

/** One run of a health check: succeeded or not, and why. Implementations never throw. */
public interface Probe {
    Outcome run();

    /** What one run found. */
    record Outcome(boolean ok, String detail) {
    }

    /** The probe a check's config describes; {@code sysClassNet} is normally /sys/class/net. */
    static Probe of(CheckConfig check, Path sysClassNet) {
        return switch (check.type()) {
            case "http" -> new HttpProbe(check.url(), check.expectStatus(), check.expectBody(), check.timeoutMs());
            case "tcp" -> new TcpProbe(check.host(), check.port(), check.timeoutMs());
            case "exec" -> new ExecProbe(check.command(), check.timeoutMs());
            case "link" -> new LinkProbe(sysClassNet, check.iface());
            default -> throw new IllegalArgumentException("unknown check type " + check.type());
        };
    }
}
