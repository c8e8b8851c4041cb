package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseRendererTest {

    @TempDir
    Path dir;

    static void writeTemplateRelease(Path dir) throws Exception {
        Files.createDirectories(dir.resolve("templates"));
        Files.writeString(dir.resolve("values.yaml"), "image:\n  repository: registry.example/web\n");
        Files.writeString(dir.resolve("values.schema.json"), ValuesSchemaTest.SCHEMA);
        Files.writeString(dir.resolve("templates/_labels.j2"), "app: {{ release.name }}");
        Files.writeString(dir.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ release.name }}
                  labels:
                    {% include '_labels.j2' %}
                spec:
                  replicas: {{ values.replicas }}
                  selector: {matchLabels: {app: {{ release.name }}}}
                  template:
                    metadata: {labels: {app: {{ release.name }}}}
                    spec:
                      containers:
                      - name: web
                        image: "{{ values.image.repository }}:{{ values.image.tag }}"
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: {{ release.name }}}
                spec:
                  selector: {app: {{ release.name }}}
                  ports: [{port: {{ values.service.port }}}]
                """);
    }

    @Test
    void rendersTemplatesWithDefaultsValuesFilesAndSetOverrides() throws Exception {
        writeTemplateRelease(dir);
        Path overrides = Files.writeString(dir.resolve("prod.yaml"), "replicas: 4\n");
        ReleaseSpec spec = new ReleaseSpec("web", "team-a", new ReleaseSource.TemplateDirectory(dir), List.of(overrides),
                List.of("image.tag=2.0"));

        ReleaseRenderer.Rendered rendered = ReleaseRenderer.render(spec, 7);

        assertThat(rendered.manifests()).extracting(Manifest::displayName).containsExactly("Deployment/web", "Service/web");
        Manifest deployment = rendered.manifests().get(0);
        assertThat(deployment.origin()).isEqualTo("templates/deployment.yaml (document 1, line 1)");
        assertThat(rendered.manifests().get(1).origin()).isEqualTo("templates/deployment.yaml (document 2, line 17)");
        assertThat(deployment.resource().getAdditionalProperties().get("spec").toString()).contains("replicas=4")
                .contains("registry.example/web:2.0");
        assertThat(rendered.values()).containsEntry("replicas", 4).containsEntry("image", java.util.Map.of("repository", "registry.example/web", "tag", "2.0"));
        assertThat(rendered.manifests().get(1).resource().getAdditionalProperties().get("spec").toString()).contains("port=80");
    }

    @Test
    void listsEverySchemaViolationBeforeRendering() throws Exception {
        writeTemplateRelease(dir);
        ReleaseSpec spec = new ReleaseSpec("web", "team-a", new ReleaseSource.TemplateDirectory(dir), List.of(),
                List.of("replicas=0", "service.port=70000"));

        assertThatThrownBy(() -> ReleaseRenderer.render(spec, 1))
                .hasMessageContaining("values do not match " + dir.resolve("values.schema.json") + " (2 problems):")
                .hasMessageContaining("/replicas: ").hasMessageContaining("(Pods of the web deployment)")
                .hasMessageContaining("/service/port: ").hasMessageContaining("(Service port)");
    }

    @Test
    void readsPlainManifestsFromFilesAndDirectoriesAndRefusesDuplicates() throws Exception {
        Path manifests = Files.createDirectories(dir.resolve("manifests"));
        Files.writeString(manifests.resolve("a.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n");
        Files.writeString(manifests.resolve("b.yml"), "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: two}}\n");
        Files.writeString(manifests.resolve("notes.txt"), "ignored");
        ReleaseSpec spec = new ReleaseSpec("cfg", "team-a", new ReleaseSource.ManifestFiles(List.of(manifests)), List.of(), List.of());

        assertThat(ReleaseRenderer.render(spec, 1).manifests()).extracting(Manifest::displayName)
                .containsExactly("ConfigMap/one", "ConfigMap/two");

        Files.writeString(manifests.resolve("c.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: one}\n");
        assertThatThrownBy(() -> ReleaseRenderer.render(spec, 1)).hasMessageContaining("c.yaml (document 1, line 1): ConfigMap/one is defined twice");
    }

    @Test
    void rejectsObjectsWithoutKindOrName() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: x-}\n");
        ReleaseSpec spec = new ReleaseSpec("cfg", "team-a", new ReleaseSource.ManifestFiles(List.of(file)), List.of(), List.of());

        assertThatThrownBy(() -> ReleaseRenderer.render(spec, 1)).hasMessageContaining("bad.yaml (document 1, line 1): ConfigMap has no metadata.name");
    }

    @Test
    void rendersAHelmChartWithRealHelm() throws Exception {
        Path chart = Files.createDirectories(dir.resolve("chart/templates"));
        Files.writeString(chart.getParent().resolve("Chart.yaml"), "apiVersion: v2\nname: demo\nversion: 0.1.0\n");
        Files.writeString(chart.getParent().resolve("values.yaml"), "replicas: 1\n");
        Files.writeString(chart.resolve("cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-config
                data:
                  replicas: "{{ .Values.replicas }}"
                """);
        ReleaseSpec spec = new ReleaseSpec("demo", "team-a", new ReleaseSource.HelmChart(chart.getParent()), List.of(),
                List.of("replicas=3"));

        List<Manifest> manifests = ReleaseRenderer.render(spec, 1).manifests();

        assertThat(manifests).extracting(Manifest::displayName).containsExactly("ConfigMap/demo-config");
        assertThat(manifests.get(0).resource().getAdditionalProperties().get("data").toString()).contains("replicas=3");
    }
}
