package io.vipwarden.agent.keepalived;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vipwarden.events.VrrpState;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * keepalived's JSON state dump ({@code keepalived.json}, written on the signal
 * {@code keepalived --signum=JSON} names): a list of {@code {"data": {...}, "stats": {...}}}, or with
 * {@code json_version 2} an object {@code {"vrrp": [...]}}. vipwarden reads {@code data.iname},
 * {@code data.state} (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT, 97 DELETED, 98 STOP),
 * {@code data.effective_priority} and {@code data.vips}.
 */
public final class StateDump {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private StateDump() {
    }

    /** One instance as the dump shows it. */
    public record InstanceStatus(String name, VrrpState state, int effectivePriority, List<String> vips) {
    }

    /** @throws IOException when the text is not a keepalived JSON dump */
    public static List<InstanceStatus> parse(byte[] json) throws IOException {
        JsonNode root = MAPPER.readTree(json);
        if (root != null && root.isObject() && root.has("vrrp")) {
            root = root.get("vrrp");
        }
        if (root == null || !root.isArray()) {
            throw new IOException("not a keepalived JSON dump: expected an array of instances");
        }
        List<InstanceStatus> out = new ArrayList<>();
        for (JsonNode entry : root) {
            JsonNode data = entry.get("data");
            if (data == null || !data.hasNonNull("iname") || !data.has("state")) {
                throw new IOException("instance entry without data.iname/data.state: " + entry);
            }
            List<String> vips = new ArrayList<>();
            if (data.has("vips")) {
                data.get("vips").forEach(v -> vips.add(VrrpInstanceConf.address(v.asText())));
            }
            out.add(new InstanceStatus(data.get("iname").asText(), state(data.get("state").asInt(-1)),
                    data.path("effective_priority").asInt(0), List.copyOf(vips)));
        }
        return out;
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
