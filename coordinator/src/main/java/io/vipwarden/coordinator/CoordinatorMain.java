package io.vipwarden.coordinator;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** A coordinator cluster member: entry point of `./vipwarden coordinator`. */
@Command(name = "coordinator", mixinStandardHelpOptions = true, description = "A coordinator cluster member of vipwarden.")
public final class CoordinatorMain implements Callable<Integer> {
    public static void main(String[] args) {
        System.exit(new CommandLine(new CoordinatorMain()).execute(args));
    }

    @Override
    public Integer call() {
        System.err.println("vipwarden coordinator: not built yet (see issue #5)");
        return 3;
    }
}
