package io.vipwarden.coordinator.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The decision engine stays plain Java: rules tested in milliseconds, adapters elsewhere. */
class DecisionPurityTest {
    private static final List<String> FORBIDDEN = List.of("import io.vertx", "import org.apache.kafka",
            "import com.hazelcast", "import io.prometheus", "System.currentTimeMillis", "Instant.now()");

    @Test
    void shouldKeepTheDecisionPackageFreeOfInfrastructure() throws IOException {
        Path dir = Path.of("src/main/java/io/vipwarden/coordinator/decision");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> violations = files.flatMap(f -> {
                try {
                    String src = Files.readString(f);
                    return FORBIDDEN.stream().filter(src::contains).map(x -> f.getFileName() + " uses " + x);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertEquals(List.of(), violations, "move infrastructure into store/, executor/ or runtime/ and pass "
                    + "plain values (and the Clock) into the engine");
        }
    }
}
