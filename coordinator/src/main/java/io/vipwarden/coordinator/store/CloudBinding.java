package io.vipwarden.coordinator.store;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the cloud last said about a HaVip's binding (associated instances, the instance it routes
 * to), as the reconciler read it. Observational only: it never decides anything, so it lives in
 * its own map beside the fencing records and any member can publish it with the HaVip's state.
 */
public record CloudBinding(List<String> associated, String master, Instant observedAt) implements Serializable {
    public CloudBinding {
        associated = associated == null ? List.of() : List.copyOf(associated);
    }

    /** Same binding, whenever observed. */
    public boolean sameAs(CloudBinding other) {
        return other != null && associated.equals(other.associated) && Objects.equals(master, other.master);
    }
}
