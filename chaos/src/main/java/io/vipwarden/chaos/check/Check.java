package io.vipwarden.chaos.check;

import io.vipwarden.chaos.history.History;
import java.util.List;

/** One property over a history. Pure: the same history always gives the same violations. */
@FunctionalInterface
public interface Check {
    List<Violation> check(History history);
}
