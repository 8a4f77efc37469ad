package io.vipwarden.agent;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The node agent: entry point of `./vipwarden agent`. */
@Command(name = "agent", mixinStandardHelpOptions = true, description = "The node agent of vipwarden.")
public final class AgentMain implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(new CommandLine(new AgentMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("vipwarden agent: not built yet (see issue #4)");
        return 3;
    }
}
