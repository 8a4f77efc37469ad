package io.vipwarden.chaos.schedule;

/** The faults of a chaos run, and what each one is aimed at. */
public enum FaultKind {
    /** keepalived killed on a node (no notification), started again at the end. */
    NODE_CRASH(Target.NODE),
    /** VRRP adverts dropped between the peers of a HaVip group: both sides may become MASTER. */
    KEEPALIVED_SPLIT_BRAIN(Target.HAVIP),
    /** The node's agent process dies and is started again. */
    AGENT_CRASH(Target.NODE),
    /** The node's agent cannot reach Kafka (it spools), then can again. */
    AGENT_CUT_OFF(Target.NODE),
    /** The broker stops and starts again (same ports, same data). */
    BROKER_RESTART(Target.BROKER),
    /** A coordinator member is killed, and a new one started in its place at the end. */
    COORDINATOR_KILL(Target.COORDINATOR),
    /** A coordinator member stops running (a long GC pause), then resumes where it was. */
    COORDINATOR_PAUSE(Target.COORDINATOR),
    /** A minority of coordinators (one of three) is cut off from the others, then the partition heals. */
    COORDINATOR_PARTITION(Target.COORDINATOR),
    /** Every cloud API call answers late. */
    CLOUD_LATENCY(Target.CLOUD),
    /** A share of cloud API calls fail with a retryable error. */
    CLOUD_ERRORS(Target.CLOUD),
    /** Every cloud API call fails (503). */
    CLOUD_OUTAGE(Target.CLOUD),
    /** One node's clock runs ahead or behind. */
    CLOCK_SKEW(Target.NODE);

    /** What a fault is aimed at: faults on the same target never overlap. */
    public enum Target { NODE, HAVIP, BROKER, COORDINATOR, CLOUD }

    private final Target target;

    FaultKind(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }
}
