package io.vipwarden.agent.keepalived;

import java.util.List;
import java.util.Optional;

/**
 * One statement of a keepalived configuration: a keyword with its arguments on one line, and the
 * statements of its block when it opens one. A block opened with no keyword before its {@code {}
 * has a null keyword; a {@code }} with no open block is kept as a statement with keyword {@code "}"}
 * so that the linter can report both where keepalived does.
 *
 * @param children  the block's statements, or null when the statement opens no block
 * @param closeLine the line of the block's closing brace (0 when there is no block or it is unclosed)
 */
public record ConfNode(String keyword, List<String> args, List<ConfNode> children, String file, int line,
        int closeLine) {
    public ConfNode {
        args = List.copyOf(args);
        children = children == null ? null : List.copyOf(children);
    }

    public boolean isBlock() {
        return children != null;
    }

    /** The first argument, or null. */
    public String arg() {
        return args.isEmpty() ? null : args.get(0);
    }

    /** The first child statement with this keyword. */
    public Optional<ConfNode> child(String keyword) {
        if (children == null) {
            return Optional.empty();
        }
        return children.stream().filter(c -> keyword.equals(c.keyword())).findFirst();
    }

    /** Every child statement with this keyword. */
    public List<ConfNode> childrenNamed(String keyword) {
        if (children == null) {
            return List.of();
        }
        return children.stream().filter(c -> keyword.equals(c.keyword())).toList();
    }

    /** The first argument of the first child with this keyword, or null. */
    public String childArg(String keyword) {
        return child(keyword).map(ConfNode::arg).orElse(null);
    }

    /** The keywords of the child block named {@code keyword}, e.g. the peers of {@code unicast_peer}. */
    public List<ConfNode> blockEntries(String keyword) {
        return child(keyword).filter(ConfNode::isBlock).map(ConfNode::children).orElse(List.of());
    }
}
