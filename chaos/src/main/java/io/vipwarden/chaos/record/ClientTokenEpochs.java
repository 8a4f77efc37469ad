package io.vipwarden.chaos.record;

import io.vipwarden.chaos.history.Entry.CloudAction;
import io.vipwarden.coordinator.executor.ClientTokens;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells the epoch of a cloud call from its {@code ClientToken}, so the cloud's own call log (the
 * ground truth of what executed, in the order it executed) carries epochs.
 *
 * <p>Every coordinator call (executor and reconciler) carries {@code vw-e<epoch>-<hash>}
 * ({@link ClientTokens}). A token of another form gives no epoch; the checker reports such calls
 * instead of judging them silently.
 */
public final class ClientTokenEpochs {
    private static final Pattern EXPLICIT = Pattern.compile("^vw-e(\\d{1,18})-");

    private ClientTokenEpochs() {
    }

    /** The token a coordinator's executor uses for this decision. */
    public static String coordinatorToken(String havipId, long epoch, CloudAction action, String instanceId) {
        return ClientTokens.of(epoch, havipId, action.name(), instanceId);
    }

    /** @return the epoch, or null when the token does not say */
    public static Long epochOf(String token) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        Matcher m = EXPLICIT.matcher(token);
        return m.find() ? Long.parseLong(m.group(1)) : null;
    }

    /** The cloud action of an API call, or null for reads and other actions. */
    public static CloudAction actionOf(String apiAction) {
        return ACTIONS.get(apiAction);
    }

    private static final Map<String, CloudAction> ACTIONS = Map.of(
            "AssociateHaVip", CloudAction.ASSOCIATE,
            "UnassociateHaVip", CloudAction.UNASSOCIATE);
}
