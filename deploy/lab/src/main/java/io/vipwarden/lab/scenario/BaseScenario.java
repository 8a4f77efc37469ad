package io.vipwarden.lab.scenario;

import io.vipwarden.lab.LabSpec;
import java.time.Duration;

/** The parts every built-in scenario has: a name, a lab shape and an observer interval. */
abstract class BaseScenario implements LabScenario {
    private final String name;
    private final LabSpec spec;
    private final Duration observerInterval;

    BaseScenario(String name, LabSpec spec, Duration observerInterval) {
        this.name = name;
        this.spec = spec;
        this.observerInterval = observerInterval;
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final LabSpec spec() {
        return spec;
    }

    @Override
    public final Duration observerInterval() {
        return observerInterval;
    }
}
