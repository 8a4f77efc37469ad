package io.vipwarden.bench;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * What a running benchmark may use: the size it was asked for, the repository root (to find the
 * launcher's jars) and where to tell the operator what it is doing.
 *
 * @param quick  the smaller version ({@code --quick})
 * @param root   the repository root
 * @param sizeOverride a size given on the command line (tests use tiny ones), or 0 for the default
 */
public record BenchContext(boolean quick, Path root, int sizeOverride, PrintStream progress) {
    /** The size to use: the override, else the quick or the full default. */
    public int size(int full, int quickSize) {
        if (sizeOverride > 0) {
            return sizeOverride;
        }
        return quick ? quickSize : full;
    }

    public void say(String format, Object... args) {
        progress.printf("[bench] " + format + "%n", args);
        progress.flush();
    }
}
