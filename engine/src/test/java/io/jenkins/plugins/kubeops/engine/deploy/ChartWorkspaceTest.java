package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartWorkspaceTest {

    @Test
    void asksTheServedApiVersionsForEveryFormOfCapabilitiesHas() {
        String template = """
                {{- if .Capabilities.APIVersions.Has "policy/v1/PodDisruptionBudget" }}a{{ end }}
                {{- if and ($.Capabilities.APIVersions.Has "x/v1") (.context.Capabilities.APIVersions.Has $v) }}b{{ end }}
                {{- if (.ctx).Capabilities.APIVersions.Has "y/v1" }}c{{ end }}
                """;

        String rewritten = ChartWorkspace.rewriteTemplate(template);

        String served = "hasKey (include \"kube-ops.served-api-versions\" (dict) | fromYaml)";
        assertThat(rewritten).doesNotContain("Capabilities")
                .contains("if " + served + " \"policy/v1/PodDisruptionBudget\"")
                .contains("and (" + served + " \"x/v1\") (" + served + " $v)")
                .contains("if " + served + " \"y/v1\"");
    }

    @Test
    void renamesHookAnnotationsForRenderingAndRestoresThemAfterwards() {
        String template = "annotations:\n  \"helm.sh/hook\": pre-install\n  helm.sh/hook-weight: \"-1\"\n";

        String rewritten = ChartWorkspace.rewriteTemplate(template);

        assertThat(rewritten).doesNotContain("helm.sh/hook").contains(ChartWorkspace.HOOK_TOKEN + "-weight");
        assertThat(ChartWorkspace.restore(rewritten)).isEqualTo(template);
        assertThat(ChartWorkspace.rewriteValues("job: {annotations: {helm.sh/hook: post-install}}")).doesNotContain("helm.sh/hook");
    }

    @Test
    void writesTheServedApiVersionsAsAPartialOfYamlKeys() {
        assertThat(ChartWorkspace.apiVersionsTemplate(Set.of("v1", "apps/v1/Deployment")))
                .isEqualTo("{{- define \"kube-ops.served-api-versions\" -}}\n\"apps/v1/Deployment\": true\n\"v1\": true\n{{- end -}}\n");
    }

    @TempDir
    Path dir;

    /** A one-file tar.gz, as a hostile archive would be made. */
    private Path archive(String entryName, char type) throws Exception {
        byte[] content = "apiVersion: v2\nname: evil\nversion: 0.1.0\n".getBytes(StandardCharsets.UTF_8);
        byte[] header = new byte[512];
        byte[] name = entryName.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(name, 0, header, 0, name.length);
        byte[] size = String.format("%011o", content.length).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(size, 0, header, 124, size.length);
        header[156] = (byte) type;
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        tar.write(header);
        tar.write(content);
        tar.write(new byte[512 - content.length + 1024]);
        Path file = dir.resolve("evil-0.1.0.tgz");
        try (GZIPOutputStream gzip = new GZIPOutputStream(Files.newOutputStream(file))) {
            gzip.write(tar.toByteArray());
        }
        return file;
    }

    @Test
    void refusesArchiveEntriesOutsideTheChartAndLinks() throws Exception {
        assertThatThrownBy(() -> ChartWorkspace.prepare(archive("evil/../../etc/Chart.yaml", '0'), Set.of()))
                .hasMessageContaining("contains the unsafe path 'evil/../../etc/Chart.yaml': it is refused");
        assertThatThrownBy(() -> ChartWorkspace.prepare(archive("/etc/Chart.yaml", '0'), Set.of()))
                .hasMessageContaining("unsafe path '/etc/Chart.yaml'");
        assertThatThrownBy(() -> ChartWorkspace.prepare(archive("evil/Chart.yaml", '2'), Set.of()))
                .hasMessageContaining("contains evil/Chart.yaml, which is not a regular file (links are not accepted)");
        try (ChartWorkspace workspace = ChartWorkspace.prepare(archive("evil/Chart.yaml", '0'), Set.of("v1"))) {
            assertThat(workspace.chart().resolve("Chart.yaml")).hasContent("apiVersion: v2\nname: evil\nversion: 0.1.0");
            assertThat(workspace.chart().resolve(ChartWorkspace.API_VERSIONS_FILE)).exists();
        }
    }
}
