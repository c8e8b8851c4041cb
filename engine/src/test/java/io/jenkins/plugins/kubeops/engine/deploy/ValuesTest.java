package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValuesTest {

    @Test
    void mergesMapsKeyByKeyAndReplacesListsWhole() {
        Map<String, Object> merged = Values.merge(
                Map.of("image", Map.of("repository", "app", "tag", "1.0"), "ports", List.of(80, 443), "replicas", 2),
                Map.of("image", Map.of("tag", "1.1"), "ports", List.of(8080)));

        assertThat(merged).isEqualTo(Map.of("image", Map.of("repository", "app", "tag", "1.1"), "ports", List.of(8080),
                "replicas", 2));
    }

    @Test
    void setsNestedValuesTypedLikeYamlScalars() {
        Map<String, Object> values = Values.set(Map.of("image", Map.of("repository", "app")),
                List.of("image.tag='2.0'", "replicas=3", "debug=true", "ratio=0.5", "name=web", "resources.cpu=500m", "x=null",
                        "version=1.10"));

        assertThat(values).containsEntry("replicas", 3L).containsEntry("debug", true).containsEntry("ratio", 0.5)
                .containsEntry("name", "web").containsEntry("x", null).containsEntry("version", "1.10");
        assertThat(values.get("image")).isEqualTo(Map.of("repository", "app", "tag", "2.0"));
        assertThat(values.get("resources")).isEqualTo(Map.of("cpu", "500m"));
    }

    @Test
    void rejectsAssignmentsWithoutAKeyOrWithEmptyPathParts() {
        assertThatThrownBy(() -> Values.set(Map.of(), List.of("novalue"))).hasMessageContaining("--set 'novalue' is not an assignment");
        assertThatThrownBy(() -> Values.set(Map.of(), List.of("a..b=1"))).hasMessageContaining("empty key in its path 'a..b'");
    }
}
