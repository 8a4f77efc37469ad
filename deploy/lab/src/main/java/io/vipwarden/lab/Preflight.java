package io.vipwarden.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What the lab needs from the machine, checked before anything is created. */
public final class Preflight {
    private Preflight() {
    }

    public static boolean isRoot() {
        Commands.Result id = Commands.run(List.of("id", "-u"));
        return id.ok() && id.stdout().strip().equals("0");
    }

    public static boolean hasKeepalived() {
        return onPath("keepalived");
    }

    /** Every reason the lab cannot run here; empty when it can. */
    public static List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!isRoot()) {
            problems.add("must run as root (network namespaces, nftables)");
        }
        if (!hasKeepalived()) {
            problems.add("keepalived is not installed (apt-get install -y keepalived)");
        }
        if (!onPath("ip")) {
            problems.add("ip is not installed (apt-get install -y iproute2)");
        }
        if (!onPath("nft")) {
            problems.add("nft is not installed (apt-get install -y nftables)");
        }
        return problems;
    }

    static boolean onPath(String program) {
        return find(program) != null;
    }

    /** The absolute path of a program, looking in PATH and the sbin directories; the bare name if absent. */
    static String which(String program) {
        String found = find(program);
        return found == null ? program : found;
    }

    private static String find(String program) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin";
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return Path.of(dir, program).toString();
            }
        }
        return null;
    }
}
