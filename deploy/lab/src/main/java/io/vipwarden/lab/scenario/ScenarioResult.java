package io.vipwarden.lab.scenario;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The verdict of one scenario: passed when every check held and no step failed.
 *
 * @param timingsMs     step name to milliseconds, in the order they were measured
 * @param holderChanges the observer's timeline, e.g. {@code "+3621 ms: [n1] -> [n1, n2]"}
 * @param notifyFifo    per node, the notify FIFO lines the lab read, each with its time offset
 * @param error         why the run stopped early, or null
 */
public record ScenarioResult(String name, String description, boolean passed, Instant startedAt, long durationMs,
                             Map<String, Long> timingsMs, List<Check> checks, List<String> holderChanges,
                             Map<String, List<String>> notifyFifo, List<String> notes, String error) {
}
