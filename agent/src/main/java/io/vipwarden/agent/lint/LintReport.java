package io.vipwarden.agent.lint;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.EventCodec;
import io.vipwarden.events.LintFinding;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Prints findings for people (one line each, with the fix) or for tools (JSON). */
public final class LintReport {
    private LintReport() {
    }

    public static String text(List<LintFinding> findings) {
        StringBuilder out = new StringBuilder();
        for (LintFinding f : findings) {
            out.append(f.file()).append(':').append(f.line()).append(": ")
                    .append(f.severity().name().toLowerCase()).append(" [").append(f.ruleId()).append("] ")
                    .append(f.message()).append('\n');
            if (f.hint() != null) {
                out.append("    fix: ").append(f.hint()).append('\n');
            }
        }
        long errors = findings.stream().filter(f -> f.severity() == LintFinding.Severity.ERROR).count();
        long warnings = findings.stream().filter(f -> f.severity() == LintFinding.Severity.WARNING).count();
        out.append(errors).append(" error(s), ").append(warnings).append(" warning(s), ")
                .append(findings.size() - errors - warnings).append(" info\n");
        return out.toString();
    }

    public static String json(List<LintFinding> findings) {
        ObjectMapper mapper = EventCodec.newMapper();
        try {
            return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(Map.of(
                    "errors", findings.stream().filter(f -> f.severity() == LintFinding.Severity.ERROR).count(),
                    "findings", findings)) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
