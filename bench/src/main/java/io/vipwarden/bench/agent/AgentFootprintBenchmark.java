package io.vipwarden.bench.agent;

import io.vipwarden.bench.BenchContext;
import io.vipwarden.bench.BenchResult;
import io.vipwarden.bench.Benchmark;
import io.vipwarden.bench.NotYetBenchmark;

/** Placeholder until the agent is on this branch. */
public final class AgentFootprintBenchmark implements Benchmark {
    @Override
    public String name() {
        return "agent-footprint";
    }

    @Override
    public String title() {
        return "one agent process for 60 s at 1 Hz heartbeats with an HTTP and a TCP health check: RSS and CPU";
    }

    @Override
    public String goals() {
        return "RSS < 64 MiB, CPU < 1% of a core";
    }

    @Override
    public String baseline() {
        return "keepalived's own RSS and CPU, running a minimal unicast instance in a network namespace, same run";
    }

    @Override
    public BenchResult run(BenchContext context) {
        throw new NotYetBenchmark.NotYetException("the agent is not on this branch yet");
    }
}
