package io.vipwarden.agent;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Test fixtures on the classpath. */
public final class TestFiles {
    private TestFiles() {
    }

    /** A keepalived configuration under src/test/resources/keepalived. */
    public static Path keepalived(String name) {
        try {
            return Path.of(TestFiles.class.getResource("/keepalived/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("missing test resource keepalived/" + name, e);
        }
    }
}
