package io.vipwarden.bench.audit;

import io.vipwarden.events.AuditEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A reproducible audit trail shaped like a fleet's: about a thousand events per HaVip spread evenly
 * over a time span in publication order, with the types a coordinator mostly writes (commands,
 * results and cloud calls outnumber decisions).
 */
final class AuditEventGenerator {
    /** Types and their weights (per cent). */
    static final AuditEvent.Type[] TYPES = {AuditEvent.Type.DECISION, AuditEvent.Type.COMMAND_ISSUED,
            AuditEvent.Type.COMMAND_RESULT, AuditEvent.Type.CLOUD_CALL, AuditEvent.Type.RECONCILE_CORRECTION,
            AuditEvent.Type.STALE_ACTION_DROPPED, AuditEvent.Type.ALERT, AuditEvent.Type.CONFIG_FINDING};
    private static final int[] WEIGHTS = {15, 22, 22, 22, 8, 3, 5, 3};

    private final SplittableRandom random;
    private final int havips;
    private final Instant start;
    private final long spanMillis;
    private final int total;
    private int next;

    /**
     * @param total  how many events {@link #next()} will give; their times step evenly from {@code start}
     */
    AuditEventGenerator(long seed, int havips, Instant start, Duration span, int total) {
        this.random = new SplittableRandom(seed);
        this.havips = havips;
        this.start = start;
        this.spanMillis = span.toMillis();
        this.total = total;
    }

    static String havipId(int i) {
        return String.format("havip-bp1%06d", i);
    }

    int havips() {
        return havips;
    }

    AuditEvent next() {
        int i = next++;
        Instant at = start.plusMillis(spanMillis * i / Math.max(1, total));
        int h = random.nextInt(havips);
        String havip = havipId(h);
        String node = "node-" + String.format("%06d", h) + (random.nextBoolean() ? "-a" : "-b");
        AuditEvent.Type type = pickType();
        long epoch = 1 + i / (havips * 50L);
        String reason = switch (type) {
            case DECISION -> "owner " + node + " reported FAULT; standby healthy, promoting";
            case COMMAND_ISSUED -> "fence the former owner before remapping";
            case COMMAND_RESULT -> "track_file written; keepalived reported FAULT";
            case CLOUD_CALL -> "AssociateHaVip to the new owner";
            case RECONCILE_CORRECTION -> "cloud master differs from the granted owner";
            case STALE_ACTION_DROPPED -> "epoch " + (epoch - 1) + " is no longer current";
            case ALERT -> "3 failovers in 10 minutes: automatic action frozen";
            default -> "keepalived.conf: garp_master_refresh not set";
        };
        Map<String, String> inputs = Map.of("vrrpState", "MASTER", "priority", Integer.toString(90 + h % 20),
                "healthy", Boolean.toString(random.nextInt(10) > 0), "requestMs", Integer.toString(random.nextInt(400)));
        return new AuditEvent("aud-" + seed36(i), havip, node, type, "coordinator-" + (1 + h % 3), epoch, reason,
                random.nextInt(20) == 0 ? "FAILED" : "DONE", inputs, at);
    }

    private AuditEvent.Type pickType() {
        int r = random.nextInt(100);
        for (int t = 0; t < TYPES.length; t++) {
            r -= WEIGHTS[t];
            if (r < 0) {
                return TYPES[t];
            }
        }
        return TYPES[TYPES.length - 1];
    }

    private static String seed36(int i) {
        return Integer.toString(i, 36);
    }
}
