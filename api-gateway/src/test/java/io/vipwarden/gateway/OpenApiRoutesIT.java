package io.vipwarden.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vipwarden.gateway.api.ApiRouter;
import io.vipwarden.testbed.kafka.EmbeddedKafka;
import io.vipwarden.testbed.kafka.KafkaExtension;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The OpenAPI document the gateway serves describes exactly the routes it has. */
@ExtendWith(KafkaExtension.class)
class OpenApiRoutesIT {
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
            "options", "trace");

    @Test
    void shouldDescribeEveryRouteAndNoOther(EmbeddedKafka kafka) throws Exception {
        try (GatewayFixture f = GatewayFixture.start(kafka, "openapi")) {
            HttpResponse<String> served = f.get("/openapi.yaml", null);
            assertEquals(200, served.statusCode());
            assertTrue(served.headers().firstValue("Content-Type").orElse("").contains("yaml"));
            JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(served.body());
            assertTrue(doc.get("openapi").asText().startsWith("3."));

            Set<String> described = new TreeSet<>();
            doc.get("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(m -> {
                if (HTTP_METHODS.contains(m)) {
                    described.add(m.toUpperCase(Locale.ROOT) + " " + path.getKey());
                }
            }));
            Set<String> routed = new TreeSet<>(ApiRouter.describe(f.gateway.router()));
            assertTrue(routed.size() >= 15, "the router lists its routes: " + routed);
            assertEquals(routed, described, "routes vs. openapi.yaml paths");
        }
    }
}
