package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesSchemaTest {

    static final String SCHEMA = """
            {
              "$schema": "https://json-schema.org/draft/2020-12/schema",
              "type": "object",
              "required": ["image"],
              "properties": {
                "replicas": {"type": "integer", "minimum": 1, "default": 2, "description": "Pods of the web deployment"},
                "image": {
                  "type": "object",
                  "description": "Container image",
                  "required": ["repository"],
                  "properties": {
                    "repository": {"type": "string", "description": "Image repository, e.g. registry.example/app"},
                    "tag": {"type": "string", "default": "latest", "description": "Image tag"}
                  }
                },
                "service": {
                  "type": "object",
                  "properties": {"port": {"type": "integer", "default": 80, "maximum": 65535, "description": "Service port"}}
                }
              },
              "additionalProperties": false
            }
            """;

    private final ValuesSchema schema = ValuesSchema.parse("values.schema.json", SCHEMA);

    @Test
    void fillsInDefaultsRecursivelyWithoutOverridingGivenValues() {
        Map<String, Object> values = schema.withDefaults(Map.of("image", Map.of("repository", "app"), "replicas", 5));

        assertThat(values).containsEntry("replicas", 5);
        assertThat(values.get("image")).isEqualTo(Map.of("repository", "app", "tag", "latest"));
        assertThat(values.get("service")).isEqualTo(Map.of("port", 80));
        assertThat(schema.validate(values)).isEmpty();
    }

    @Test
    void reportsEveryViolationWithPathAndTheSchemasDescription() {
        List<ValuesSchema.Violation> violations = schema.validate(Map.of("replicas", 0, "image", Map.of("tag", 3),
                "service", Map.of("port", 70000), "replica", 1));

        assertThat(violations).extracting(ValuesSchema.Violation::toString).containsExactlyInAnyOrder(
                violation(violations, "/replicas") ,
                violation(violations, "/image/tag"),
                violation(violations, "/image"),
                violation(violations, "/service/port"),
                violation(violations, "$"));
        assertThat(find(violations, "/replicas").description()).isEqualTo("Pods of the web deployment");
        assertThat(find(violations, "/replicas").problem()).contains("minimum");
        assertThat(find(violations, "/image/tag").description()).isEqualTo("Image tag");
        assertThat(find(violations, "/image").problem()).contains("repository");
        assertThat(find(violations, "/image").description()).isEqualTo("Image repository, e.g. registry.example/app");
        assertThat(find(violations, "/service/port").description()).isEqualTo("Service port");
        assertThat(find(violations, "$").problem()).contains("replica");
    }

    private static String violation(List<ValuesSchema.Violation> violations, String path) {
        return find(violations, path).toString();
    }

    private static ValuesSchema.Violation find(List<ValuesSchema.Violation> violations, String path) {
        return violations.stream().filter(v -> v.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no violation at " + path + " in " + violations));
    }
}
