package io.vipwarden.chaos.record;

import io.vipwarden.chaos.history.Entry.CloudAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the epoch of a cloud call from its {@code ClientToken}, so the cloud's own call log (the
 * ground truth of what executed, in the order it executed) carries epochs.
 *
 * <p>Two forms are understood: an explicit {@code vw-e<epoch>-...} prefix, and the coordinator's
 * deterministic token, a name-based UUID of {@code havipId|epoch|ACTION|instanceId} (the same
 * decision always yields the same token): that one is recognised by recomputing it for the epochs
 * up to a limit. A token of neither form gives no epoch and the call is not judged by the epoch rule.
 */
public final class ClientTokenEpochs {
    private static final Pattern EXPLICIT = Pattern.compile("^vw-e(\\d{1,18})-");

    private ClientTokenEpochs() {
    }

    /** The token a coordinator uses for this decision (mirrors its executor). */
    public static String coordinatorToken(String havipId, long epoch, CloudAction action, String instanceId) {
        return UUID.nameUUIDFromBytes((havipId + "|" + epoch + "|" + action.name() + "|" + instanceId)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * @param maxEpoch the highest epoch worth trying for the deterministic form (e.g. the highest
     *                 epoch seen so far plus a margin)
     * @return the epoch, or null when the token does not say
     */
    public static Long epochOf(String token, String havipId, CloudAction action, String instanceId, long maxEpoch) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        Matcher m = EXPLICIT.matcher(token);
        if (m.find()) {
            return Long.parseLong(m.group(1));
        }
        for (long epoch = 0; epoch <= maxEpoch; epoch++) {
            if (coordinatorToken(havipId, epoch, action, instanceId).equals(token)) {
                return epoch;
            }
        }
        return null;
    }

    /** The cloud action of an API call, or null for reads and other actions. */
    public static CloudAction actionOf(String apiAction) {
        return ACTIONS.get(apiAction);
    }

    private static final Map<String, CloudAction> ACTIONS = Map.of(
            "AssociateHaVip", CloudAction.ASSOCIATE,
            "UnassociateHaVip", CloudAction.UNASSOCIATE);
}
