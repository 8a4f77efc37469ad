package io.vipwarden.lab.scenario;

import io.vipwarden.lab.LabSpec;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every scenario the lab knows, in the order {@code --scenario all} runs them. */
public final class Scenarios {
    private Scenarios() {
    }

    public static List<LabScenario> all() {
        return List.of(
                new KillMasterScenario("kill-master", LabSpec.pair(), Duration.ofMillis(100)),
                new GracefulStopScenario(),
                new SplitBrainScenario(),
                new ThreeNodesScenario(),
                new KillMasterScenario("vrrpv3-fast", LabSpec.pair().withVrrp(3, new BigDecimal("0.2")),
                        Duration.ofMillis(50)),
                new ControlPlaneDownScenario());
    }

    public static List<String> names() {
        return all().stream().map(LabScenario::name).toList();
    }

    public static Optional<LabScenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
