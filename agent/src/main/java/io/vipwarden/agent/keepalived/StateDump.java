package io.vipwarden.agent.keepalived;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.vipwarden.agent.config.PlainTree;
import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * keepalived's JSON state dump ({@code keepalived.json}, written on the signal
 * {@code keepalived --signum=JSON} names): a list of {@code {"data": {...}, "stats": {...}}}, or with
 * {@code json_version 2} an object {@code {"vrrp": [...]}}. vipwarden reads {@code data.iname},
 * {@code data.state} (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 97 DELETED, 98 STOP),
 * {@code data.effective_priority} and {@code data.vips}.
 */
public final class StateDump {
    private static final JsonFactory JSON = new JsonFactory();

    private StateDump() {
    }

    /** One instance as the dump shows it. */
    public record InstanceStatus(String name, VrrpState state, int effectivePriority, List<String> vips) {
    }

    /** @throws IOException when the text is not a keepalived JSON dump */
    public static List<InstanceStatus> parse(byte[] json) throws IOException {
        Object root;
        try (JsonParser parser = JSON.createParser(json)) {
            root = PlainTree.read(parser);
        }
        if (root instanceof Map<?, ?> map && map.containsKey("vrrp")) {
            root = map.get("vrrp");
        }
        if (!(root instanceof List<?> entries)) {
            throw new IOException("not a keepalived JSON dump: expected an array of instances");
        }
        List<InstanceStatus> out = new ArrayList<>();
        for (Object entry : entries) {
            Object data = entry instanceof Map<?, ?> e ? e.get("data") : null;
            if (!(data instanceof Map<?, ?> d) || d.get("iname") == null || !d.containsKey("state")) {
                throw new IOException("instance entry without data.iname/data.state: " + entry);
            }
            List<String> vips = new ArrayList<>();
            if (d.get("vips") instanceof List<?> list) {
                list.forEach(v -> vips.add(VrrpInstanceConf.address(String.valueOf(v))));
            }
            out.add(new InstanceStatus(String.valueOf(d.get("iname")), state(asInt(d.get("state"), -1)),
                    asInt(d.get("effective_priority"), 0), List.copyOf(vips)));
        }
        return out;
    }

    /** A number, or a string holding one (as keepalived versions differ); otherwise the fallback. */
    private static int asInt(Object value, int fallback) {
        if (value instanceof Number n) {
            return n.intValue();
        }
        if (value instanceof String s) {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
        return fallback;
    }

    /** keepalived's numeric VRRP state (vrrp.h) as a {@link VrrpState}. */
    public static VrrpState state(int code) {
        return switch (code) {
            case 0 -> VrrpState.INIT;
            case 1 -> VrrpState.BACKUP;
            case 2 -> VrrpState.MASTER;
            case 3 -> VrrpState.FAULT;
            case 97 -> VrrpState.DELETED;
            case 98 -> VrrpState.STOP;
            default -> VrrpState.UNKNOWN;
        };
    }
}
