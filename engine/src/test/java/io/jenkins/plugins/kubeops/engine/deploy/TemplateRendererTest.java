package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateRendererTest {

    @TempDir
    Path templates;

    @Test
    void rendersValuesLoopsFiltersAndIncludesFromTheTemplateDirectory() throws Exception {
        Files.writeString(templates.resolve("_labels.j2"), "app: {{ release.name }}");
        String out = new TemplateRenderer(templates).render("deploy.yaml", """
                metadata:
                  labels:
                    {% include '_labels.j2' %}
                spec:
                  replicas: {{ values.replicas }}
                  ports:{% for p in values.ports %}
                  - {{ p }}{% endfor %}
                  env: {{ values.env | tojson }}
                """, Map.of("values", Map.of("replicas", 3, "ports", List.of(80, 443), "env", Map.of("A", "1")),
                "release", Map.of("name", "web")));

        assertThat(out).contains("app: web").contains("replicas: 3").contains("- 80\n  - 443").contains("env: {\"A\":\"1\"}");
    }

    @Test
    void failsOnAnUndefinedValueNamingFileAndLine() {
        assertThatThrownBy(() -> new TemplateRenderer(templates).render("svc.yaml", "a: 1\nport: {{ values.service.prot }}\n",
                Map.of("values", Map.of("service", Map.of("port", 80)))))
                .hasMessageContaining("svc.yaml:2")
                .hasMessageContaining("prot");
    }

    @Test
    void refusesIncludesOutsideTheTemplateDirectory() throws Exception {
        Path secret = Files.writeString(templates.getParent().resolve("secret-" + System.nanoTime() + ".txt"), "top-secret");
        try {
            assertThatThrownBy(() -> new TemplateRenderer(templates).render("x.yaml", "{% include '../" + secret.getFileName() + "' %}",
                    Map.of())).hasMessageContaining("x.yaml:1");
        } finally {
            Files.delete(secret);
        }
    }

    @Test
    void refusesReflectionOnValues() {
        String out;
        try {
            out = new TemplateRenderer(templates).render("x.yaml", "{{ values.name.getClass().forName('java.lang.Runtime') }}",
                    Map.of("values", Map.of("name", "web")));
        } catch (RuntimeException e) {
            assertThat(e).hasMessageContaining("x.yaml:1");
            return;
        }
        assertThat(out).doesNotContain("java.lang.Runtime");
    }
}
