package io.vipwarden.agent.keepalived;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads keepalived's configuration syntax into a tree of {@link ConfNode}s: one statement per line,
 * blocks in braces (also on one line, {@code virtual_ipaddress { 192.0.2.1 }}), {@code #} and
 * {@code !} comments, double-quoted strings, and {@code include} with glob patterns, resolved
 * relative to the including file's directory as keepalived does. Never throws on bad syntax: what it
 * cannot read becomes a {@link ConfProblem}.
 */
public final class ConfParser {
    private static final int MAX_INCLUDE_DEPTH = 8;

    private final List<ConfProblem> problems = new ArrayList<>();
    private final Set<Path> files = new HashSet<>();

    /** The parsed statements and the problems found on the way. */
    public record Result(List<ConfNode> nodes, List<ConfProblem> problems, List<Path> files) {
    }

    /** @throws IOException when the main file itself cannot be read */
    public static Result parseFile(Path file) throws IOException {
        ConfParser parser = new ConfParser();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        Path abs = file.toAbsolutePath().normalize();
        parser.files.add(abs);
        List<ConfNode> nodes = parser.parse(text, abs, 0);
        return new Result(nodes, List.copyOf(parser.problems), List.copyOf(parser.files));
    }

    /** Parses text as if it were the file {@code name} (includes resolve against the working directory). */
    public static Result parseString(String text, String name) {
        ConfParser parser = new ConfParser();
        List<ConfNode> nodes = parser.parse(text, Path.of(name).toAbsolutePath().normalize(), 0);
        return new Result(nodes, List.copyOf(parser.problems), List.copyOf(parser.files));
    }

    private record Token(String text, boolean quoted, int line) {
        boolean is(String s) {
            return !quoted && text.equals(s);
        }
    }

    private List<ConfNode> parse(String text, Path file, int depth) {
        List<Token> tokens = tokenize(text);
        Cursor cursor = new Cursor(tokens);
        List<ConfNode> nodes = new ArrayList<>();
        while (cursor.hasNext()) {
            statement(cursor, file, depth, nodes, true);
        }
        return nodes;
    }

    private static final class Cursor {
        final List<Token> tokens;
        int pos;

        Cursor(List<Token> tokens) {
            this.tokens = tokens;
        }

        boolean hasNext() {
            return pos < tokens.size();
        }

        Token peek() {
            return tokens.get(pos);
        }

        Token next() {
            return tokens.get(pos++);
        }
    }

    /** Reads one statement (and its block) and appends it to {@code out}; includes are spliced in. */
    private void statement(Cursor c, Path file, int depth, List<ConfNode> out, boolean topLevel) {
        Token first = c.next();
        String fileName = file.toString();
        if (first.is("}")) {
            out.add(new ConfNode("}", List.of(), null, fileName, first.line(), 0));
            return;
        }
        if (first.is("{")) {
            Block block = block(c, file, depth);
            out.add(new ConfNode(null, List.of(), block.children, fileName, first.line(), block.closeLine));
            return;
        }
        List<String> args = new ArrayList<>();
        while (c.hasNext() && c.peek().line() == first.line() && !c.peek().is("{") && !c.peek().is("}")) {
            args.add(c.next().text());
        }
        if (c.hasNext() && c.peek().line() == first.line() && c.peek().is("{")) {
            c.next();
            Block block = block(c, file, depth);
            out.add(new ConfNode(first.text(), args, block.children, fileName, first.line(), block.closeLine));
            return;
        }
        if (!first.quoted() && first.text().equals("include")) {
            include(args, file, first.line(), depth, out);
            return;
        }
        out.add(new ConfNode(first.text(), args, null, fileName, first.line(), 0));
    }

    private record Block(List<ConfNode> children, int closeLine) {
    }

    private Block block(Cursor c, Path file, int depth) {
        List<ConfNode> children = new ArrayList<>();
        int openLine = c.pos > 0 ? c.tokens.get(c.pos - 1).line() : 0;
        while (c.hasNext()) {
            if (c.peek().is("}")) {
                return new Block(children, c.next().line());
            }
            statement(c, file, depth, children, false);
        }
        problems.add(new ConfProblem("unclosed-block", file.toString(), openLine,
                "block opened on line " + openLine + " is never closed"));
        return new Block(children, 0);
    }

    private void include(List<String> args, Path file, int line, int depth, List<ConfNode> out) {
        if (args.isEmpty()) {
            problems.add(new ConfProblem("include", file.toString(), line, "include without a file name"));
            return;
        }
        if (depth >= MAX_INCLUDE_DEPTH) {
            problems.add(new ConfProblem("include", file.toString(), line,
                    "includes nested deeper than " + MAX_INCLUDE_DEPTH + " (a loop?)"));
            return;
        }
        for (String pattern : args) {
            List<Path> matches = glob(file.getParent(), pattern);
            if (matches.isEmpty()) {
                problems.add(new ConfProblem("include", file.toString(), line,
                        "include '" + pattern + "' matches no file"));
            }
            for (Path match : matches) {
                try {
                    String text = Files.readString(match, StandardCharsets.UTF_8);
                    files.add(match);
                    out.addAll(parse(text, match, depth + 1));
                } catch (IOException e) {
                    problems.add(new ConfProblem("include", file.toString(), line,
                            "cannot read included file " + match + ": " + e.getMessage()));
                }
            }
        }
    }

    private static List<Path> glob(Path baseDir, String pattern) {
        Path p = Path.of(pattern);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        p = p.normalize();
        String name = p.getFileName() == null ? "" : p.getFileName().toString();
        Path dir = p.getParent();
        if (dir == null) {
            return List.of();
        }
        if (!name.contains("*") && !name.contains("?") && !name.contains("[")) {
            return Files.isRegularFile(p) ? List.of(p) : List.of();
        }
        List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, name)) {
            for (Path entry : stream) {
                if (Files.isRegularFile(entry)) {
                    matches.add(entry.normalize());
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        matches.sort(null);
        return matches;
    }

    /** Splits text into tokens with line numbers; comments end at the line's end, quotes keep spaces. */
    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String s = lines[i];
            int lineNo = i + 1;
            int pos = 0;
            while (pos < s.length()) {
                char ch = s.charAt(pos);
                if (Character.isWhitespace(ch)) {
                    pos++;
                } else if (ch == '#' || ch == '!') {
                    break;
                } else if (ch == '{' || ch == '}') {
                    tokens.add(new Token(String.valueOf(ch), false, lineNo));
                    pos++;
                } else if (ch == '"') {
                    int end = s.indexOf('"', pos + 1);
                    if (end < 0) {
                        end = s.length();
                    }
                    tokens.add(new Token(s.substring(pos + 1, end), true, lineNo));
                    pos = Math.min(s.length(), end + 1);
                } else {
                    int start = pos;
                    while (pos < s.length() && !Character.isWhitespace(s.charAt(pos)) && s.charAt(pos) != '{'
                            && s.charAt(pos) != '}' && s.charAt(pos) != '"') {
                        pos++;
                    }
                    tokens.add(new Token(s.substring(start, pos), false, lineNo));
                }
            }
        }
        return tokens;
    }
}
