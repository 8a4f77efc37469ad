package io.vipwarden.agent.keepalived;

import io.vipwarden.events.VrrpState;
import io.vipwarden.events.VrrpTransition;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One keepalived notify line, {@code INSTANCE "VI_1" MASTER 100}: from the notify FIFO, or the
 * arguments a notify script received ({@code INSTANCE VI_1 MASTER 100}, unquoted).
 */
public record NotifyLine(VrrpTransition.Kind kind, String name, VrrpState state, int priority) {

    /** Parses a line; empty when it is not a VRRP notify line (the caller counts and logs it). */
    public static Optional<NotifyLine> parse(String line) {
        if (line == null) {
            return Optional.empty();
        }
        List<String> tokens = tokens(line.trim());
        if (tokens.size() < 3 || tokens.size() > 4) {
            return Optional.empty();
        }
        VrrpTransition.Kind kind;
        try {
            kind = VrrpTransition.Kind.valueOf(tokens.get(0));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String name = tokens.get(1);
        VrrpState state;
        try {
            state = VrrpState.valueOf(tokens.get(2));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (name.isEmpty() || state == VrrpState.UNKNOWN) {
            return Optional.empty();
        }
        int priority = 0;
        if (tokens.size() == 4) {
            try {
                priority = Integer.parseInt(tokens.get(3));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (priority < 0 || priority > 255) {
                return Optional.empty();
            }
        }
        return Optional.of(new NotifyLine(kind, name, state, priority));
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
            } else if (c == '"') {
                int end = line.indexOf('"', i + 1);
                if (end < 0) {
                    return List.of();
                }
                out.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int start = i;
                while (i < line.length() && line.charAt(i) != ' ' && line.charAt(i) != '\t') {
                    i++;
                }
                out.add(line.substring(start, i));
            }
        }
        return out;
    }
}
