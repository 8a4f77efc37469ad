package io.vipwarden.chaos.run;

import io.vipwarden.chaos.check.CheckReport;
import io.vipwarden.chaos.history.History;
import io.vipwarden.chaos.schedule.FaultSchedule;

/** One run: its schedule, its history and what the checker found in it. */
public record RunResult(FaultSchedule schedule, History history, CheckReport report) {
    public boolean passed() {
        return report.passed();
    }
}
