package io.vipwarden.agent.keepalived;

/** Something the parser could not make sense of (an unreadable include, an unclosed block). */
public record ConfProblem(String kind, String file, int line, String message) {
}
