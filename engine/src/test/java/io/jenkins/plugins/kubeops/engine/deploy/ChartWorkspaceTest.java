package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

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
}
