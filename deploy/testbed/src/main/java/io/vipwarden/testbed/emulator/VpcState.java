package io.vipwarden.testbed.emulator;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * What the emulator persists with {@code --state FILE}: VPCs, vSwitches, instances and HaVips (with
 * their associated instances and current master). Associations still in progress are saved as done.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record VpcState(String regionId, List<Vpc> vpcs, List<VSwitch> vSwitches, List<Instance> instances,
        List<SavedHaVip> haVips) {

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public VpcState {
        regionId = regionId == null ? "cn-hangzhou" : regionId;
        vpcs = vpcs == null ? List.of() : List.copyOf(vpcs);
        vSwitches = vSwitches == null ? List.of() : List.copyOf(vSwitches);
        instances = instances == null ? List.of() : List.copyOf(instances);
        haVips = haVips == null ? List.of() : List.copyOf(haVips);
    }

    /** A VPC. */
    public record Vpc(String vpcId, String cidrBlock) {
    }

    /** A vSwitch: HaVip addresses come from its CIDR block. */
    public record VSwitch(String vSwitchId, String vpcId, String cidrBlock) {
    }

    /** An ECS instance (or ENI) attached to a vSwitch. */
    public record Instance(String instanceId, String vSwitchId) {
    }

    /** A HaVip as saved. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SavedHaVip(String haVipId, String vSwitchId, String ipAddress, String name, String description,
            String createTime, List<String> associatedInstances, String masterInstanceId) {
        public SavedHaVip {
            associatedInstances = associatedInstances == null ? List.of() : List.copyOf(associatedInstances);
        }
    }

    /**
     * The documented default: VPC {@code vpc-sandbox} (192.0.2.0/24), vSwitch {@code vsw-sandbox}
     * (192.0.2.0/24), instances {@code i-sandbox-1} to {@code i-sandbox-6}, no HaVips.
     */
    public static VpcState defaultTopology() {
        List<Instance> instances = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            instances.add(new Instance("i-sandbox-" + i, "vsw-sandbox"));
        }
        return new VpcState("cn-hangzhou", List.of(new Vpc("vpc-sandbox", "192.0.2.0/24")),
                List.of(new VSwitch("vsw-sandbox", "vpc-sandbox", "192.0.2.0/24")), instances, List.of());
    }

    /** Reads a state file; a clear IOException when it is not valid. */
    public static VpcState load(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), VpcState.class);
        } catch (IOException e) {
            throw new IOException("cannot read emulator state " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes atomically (temp file + rename), so a crash never leaves half a file. */
    public void save(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
