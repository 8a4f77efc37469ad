package io.vipwarden.testbed.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./vipwarden emulator}: runs the Alibaba Cloud VPC API emulator until interrupted. */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = {
            "A local Alibaba Cloud VPC API emulator (HaVip actions, version 2016-04-28) for the real SDK.",
            "Accepts ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET from the environment, or the development pair "
                    + EmulatorConfig.DEV_ACCESS_KEY_ID + " / " + EmulatorConfig.DEV_ACCESS_KEY_SECRET + " when unset.",
            "Default topology: vpc-sandbox, vsw-sandbox (192.0.2.0/24), instances i-sandbox-1..i-sandbox-6.",
            "Emulator-only endpoints: /emulator/announce, /emulator/faults, /emulator/calls, /emulator/settings,",
            "/emulator/instances, /emulator/state, /emulator/health (see README)."})
public final class EmulatorMain implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "18080", description = "TCP port (0 = any free one; default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "address to bind (default ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--state", paramLabel = "FILE",
            description = "load VPCs, vSwitches, instances and HaVips from FILE (when it exists) and save them there")
    Path state;

    @Option(names = "--association-delay-ms", defaultValue = "1000",
            description = "how long a HaVip stays Associating/Unassociating (default ${DEFAULT-VALUE})")
    long associationDelayMs;

    @Option(names = "--max-associated-instances", defaultValue = "2",
            description = "instances per HaVip (Alibaba allows 2; default ${DEFAULT-VALUE})")
    int maxAssociated;

    public static void main(String[] args) {
        System.exit(new CommandLine(new EmulatorMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<String> problems = new ArrayList<>();
        if (port < 0 || port > 65535) {
            problems.add("--port must be 0..65535, got " + port);
        }
        if (associationDelayMs < 0) {
            problems.add("--association-delay-ms must be >= 0, got " + associationDelayMs);
        }
        if (maxAssociated < 1) {
            problems.add("--max-associated-instances must be >= 1, got " + maxAssociated);
        }
        if (state != null && Files.exists(state)) {
            try {
                VpcState.load(state);
            } catch (IOException e) {
                problems.add("--state: " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            problems.forEach(p -> System.err.println("emulator: " + p));
            return 2;
        }
        EmulatorConfig config = EmulatorConfig.defaults().withHost(host).withPort(port).withStateFile(state)
                .withAssociationDelay(Duration.ofMillis(associationDelayMs))
                .withMaxAssociatedInstances(maxAssociated);
        CountDownLatch stopped = new CountDownLatch(1);
        AliyunVpcEmulator emulator = AliyunVpcEmulator.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "emulator-shutdown"));
        System.out.println("Alibaba VPC API emulator on http://" + emulator.endpoint()
                + " (endpoint for the SDK: " + emulator.endpoint() + ", protocol HTTP)");
        stopped.await();
        return 0;
    }
}
