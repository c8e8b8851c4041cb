package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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

    private static final ReleaseRenderer.ClusterCapabilities CLUSTER = new ReleaseRenderer.ClusterCapabilities("v1.36.4",
            java.util.Set.of("v1", "apps/v1", "batch/v1", "batch/v1/Job", "widgets.example.com/v1"));

    private static Map<String, Object> data(List<Manifest> manifests, String name) {
        return Values.asMap((Map<?, ?>) manifests.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow()
                .resource().getAdditionalProperties().get("data"));
    }

    @Test
    void rendersAChartForTheTargetClustersVersionAndServedApiVersions() {
        ReleaseSpec spec = new ReleaseSpec("shop", "team-a", new ReleaseSource.HelmChart(HelmCharts.app(dir)), List.of(), List.of());

        ReleaseRenderer.Rendered rendered = ReleaseRenderer.render(spec, 1, () -> CLUSTER);

        assertThat(data(rendered.manifests(), "shop-capabilities")).containsEntry("kubeVersion", "v1.36.4")
                .containsEntry("jobs", "true").containsEntry("widgets", "true").containsEntry("flowSchemasBeta", "false");
    }

    @Test
    void withoutTheClusterHelmsBuiltInVersionFailsTheChartsKubeVersionConstraint() {
        ReleaseSpec spec = new ReleaseSpec("shop", "team-a", new ReleaseSource.HelmChart(HelmCharts.app(dir)), List.of(), List.of());

        assertThatThrownBy(() -> ReleaseRenderer.render(spec, 1)).hasMessageContaining("kubeVersion: >=1.23.0-0")
                .hasMessageContaining("incompatible with Kubernetes v1.20.0");
        assertThatThrownBy(() -> ReleaseRenderer.render(spec, 1, () -> new ReleaseRenderer.ClusterCapabilities("v1.22.9", java.util.Set.of())))
                .hasMessageContaining("Helm could not render chart " + dir.resolve("app") + " for Kubernetes v1.22.9")
                .hasMessageContaining("incompatible with Kubernetes v1.22.9");
    }

    @Test
    void keepsAChartsHooksApartFromTheReleaseObjectsAndSkipsTestHooks() {
        ReleaseSpec spec = new ReleaseSpec("shop", "team-a", new ReleaseSource.HelmChart(HelmCharts.app(dir)), List.of(),
                List.of("failOn=pre-upgrade"));

        ReleaseRenderer.Rendered rendered = ReleaseRenderer.render(spec, 1, () -> CLUSTER);

        assertThat(rendered.manifests()).extracting(Manifest::displayName)
                .containsExactlyInAnyOrder("ConfigMap/shop-capabilities", "Deployment/shop-web");
        assertThat(rendered.hooks()).extracting(hook -> hook.manifest().displayName()).containsExactlyInAnyOrder("Job/install-db",
                "ConfigMap/upgrade-marker", "Job/migrate-db", "Job/smoke-test", "ConfigMap/rolled-back", "Job/broken-migration");
        assertThat(HookPlan.forEvent(rendered.hooks(), HookPlan.Event.PRE_UPGRADE)).extracting(hook -> hook.manifest().name())
                .containsExactly("upgrade-marker", "migrate-db", "broken-migration");
        assertThat(rendered.hooks().get(0).manifest().resource().getMetadata().getAnnotations()).containsKey("helm.sh/hook");
        assertThat(rendered.notes()).containsExactly(
                "skip test hook Pod/shop-test-connection (helm install skips test hooks too; 'helm test' runs them)");
    }

    @Test
    void rewritesHooksInsidePackagedChartsAndTheirSubchartArchives() throws Exception {
        Path sub = HelmCharts.write(dir.resolve("sub/Chart.yaml"), "apiVersion: v2\nname: sub\nversion: 0.2.0\n").getParent();
        HelmCharts.write(sub.resolve("templates/hook.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: sub-hook\n"
                + "  annotations: {helm.sh/hook: post-install}\n");
        Path app = HelmCharts.app(dir);
        java.nio.file.Files.writeString(app.resolve("Chart.yaml"), java.nio.file.Files.readString(app.resolve("Chart.yaml"))
                + "dependencies:\n- {name: sub, version: 0.2.0}\n");
        Path charts = java.nio.file.Files.createDirectories(app.resolve("charts"));
        new com.marcnuri.helm.Helm(sub).packageIt().withDestination(charts).call();
        Path packaged = java.nio.file.Files.createDirectories(dir.resolve("packaged"));
        new com.marcnuri.helm.Helm(app).packageIt().withDestination(packaged).call();
        ReleaseSpec spec = new ReleaseSpec("shop", "team-a", new ReleaseSource.HelmChart(packaged.resolve("app-0.1.0.tgz")),
                List.of(), List.of());

        ReleaseRenderer.Rendered rendered = ReleaseRenderer.render(spec, 1, () -> CLUSTER);

        assertThat(rendered.hooks()).extracting(hook -> hook.manifest().name()).contains("sub-hook", "install-db");
        assertThat(rendered.manifests()).extracting(Manifest::name).doesNotContain("sub-hook");
        assertThat(data(rendered.manifests(), "shop-capabilities")).containsEntry("widgets", "true");
    }

    @Test
    void appliesTheCrdFilesOfAChartFirstAndSaysSo() {
        Path app = HelmCharts.app(dir);
        HelmCharts.write(app.resolve("crds/widgets.yaml"), "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\n"
                + "metadata: {name: widgets.example.com}\n");
        ReleaseSpec spec = new ReleaseSpec("shop", "team-a", new ReleaseSource.HelmChart(app), List.of(), List.of());

        ReleaseRenderer.Rendered rendered = ReleaseRenderer.render(spec, 1, () -> CLUSTER);

        assertThat(rendered.notes()).contains("the chart's crds/ files are applied first (crds/widgets.yaml); unlike helm, a "
                + "later deploy updates them; like helm, they are never deleted");
        assertThat(rendered.manifests().get(0).kind()).isEqualTo("CustomResourceDefinition");
        assertThat(rendered.manifests().get(0).name()).isEqualTo("widgets.example.com");
        assertThat(rendered.manifests()).extracting(Manifest::kind).containsOnlyOnce("CustomResourceDefinition");
    }
}
