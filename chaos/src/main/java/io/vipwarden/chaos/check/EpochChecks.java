package io.vipwarden.chaos.check;

import io.vipwarden.chaos.check.Violation.Kind;
import io.vipwarden.chaos.history.Entry;
import io.vipwarden.chaos.history.Entry.CloudCall;
import io.vipwarden.chaos.history.Entry.Grant;
import io.vipwarden.chaos.history.History;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The token rules: grants and executed cloud actions never go back in epoch. */
final class EpochChecks {
    private EpochChecks() {
    }

    /**
     * Per HaVip, in the order grants were seen: an epoch is granted to one owner only, and a new
     * grant's epoch is higher than every epoch granted before (seeing the same grant again is fine).
     */
    static List<Violation> grants(History history) {
        List<Violation> out = new ArrayList<>();
        Map<String, Map<Long, Grant>> byEpoch = new HashMap<>();
        Map<String, Grant> highest = new HashMap<>();
        for (Grant g : history.all(Grant.class)) {
            Map<Long, Grant> seen = byEpoch.computeIfAbsent(g.havipId(), k -> new HashMap<>());
            Grant same = seen.get(g.epoch());
            if (same != null) {
                if (!same.owner().equals(g.owner())) {
                    out.add(new Violation(Kind.TWO_OWNERS_AT_ONE_EPOCH, g.havipId(), "epoch " + g.epoch()
                            + " was granted to " + same.owner() + " and then to " + g.owner(), List.of(same, g)));
                }
                continue;
            }
            Grant top = highest.get(g.havipId());
            if (top != null && g.epoch() < top.epoch()) {
                out.add(new Violation(Kind.GRANT_EPOCH_NOT_INCREASING, g.havipId(), "epoch " + g.epoch()
                        + " was granted to " + g.owner() + " after epoch " + top.epoch() + " had been granted to "
                        + top.owner(), List.of(top, g)));
            }
            seen.put(g.epoch(), g);
            if (top == null || g.epoch() > top.epoch()) {
                highest.put(g.havipId(), g);
            }
        }
        return out;
    }

    /**
     * Per HaVip, in the cloud's own order: no action the cloud executed carries an epoch lower than
     * one it already executed. Calls whose epoch cannot be told are not judged (the report counts them).
     */
    static List<Violation> cloudActions(History history) {
        List<Violation> out = new ArrayList<>();
        Map<String, CloudCall> highest = new HashMap<>();
        List<CloudCall> calls = new ArrayList<>(history.all(CloudCall.class));
        calls.sort(Comparator.comparingLong(CloudCall::cloudSeq));
        for (CloudCall c : calls) {
            if (!c.executed() || c.epoch() == null) {
                continue;
            }
            CloudCall top = highest.get(c.havipId());
            if (top != null && c.epoch() < top.epoch()) {
                out.add(new Violation(Kind.STALE_CLOUD_ACTION, c.havipId(), "the cloud executed " + c.action() + " "
                        + c.instanceId() + " at epoch " + c.epoch() + " after it had executed " + top.action() + " "
                        + top.instanceId() + " at epoch " + top.epoch(), List.<Entry>of(top, c)));
            }
            if (top == null || c.epoch() >= top.epoch()) {
                highest.put(c.havipId(), c);
            }
        }
        return out;
    }
}
