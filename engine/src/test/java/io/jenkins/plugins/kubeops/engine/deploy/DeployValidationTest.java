package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeployValidationTest {

    @Test
    void acceptsReleaseNamesThatFitTheHistoryObjectsAndRejectsOthersByName() {
        assertThat(DeployValidation.releaseName("web-frontend")).isEqualTo(Validation.ok());
        assertThat(DeployValidation.releaseName("a".repeat(54)).message()).contains("at most 53 characters");
        assertThat(DeployValidation.releaseName("Web").message()).startsWith("release name 'Web' is invalid");
        assertThatThrownBy(() -> new ReleaseSpec("web", "Team_A", new ReleaseSource.ManifestFiles(List.of()), List.of(), List.of()))
                .hasMessageStartingWith("release namespace 'Team_A' is invalid");
    }

    @Test
    void allowsPruningOnlyOfProtectedKinds() {
        assertThat(DeployValidation.allowedPrunes(Set.of("Namespace", "PersistentVolumeClaim"))).isEqualTo(Validation.ok());
        assertThat(DeployValidation.allowedPrunes(Set.of("ConfigMap")).message())
                .startsWith("'ConfigMap' is not a protected kind: allowing prunes takes CustomResourceDefinition, Namespace");
        assertThat(DeployValidation.duration("timeout", "10 minutes").isError()).isTrue();
    }

    @Test
    void rejectsATimeoutOfZeroWithTheFixAndNamesTheInputAsTheCallerCallsIt() {
        assertThat(DeployValidation.timeout("timeout", "10m")).isEqualTo(Validation.ok());
        assertThat(DeployValidation.timeout("timeout", "0s").message())
                .isEqualTo("timeout '0s' leaves no time to deploy: use e.g. 10m (the default).");
        assertThat(DeployValidation.timeout("--timeout", "0m").message())
                .isEqualTo("--timeout '0m' leaves no time to deploy: use e.g. 10m (the default).");
        assertThat(DeployValidation.timeout("timeout", "ten").message()).startsWith("timeout 'ten'");
    }

    @Test
    void requiresAHistoryLimitOfAtLeastOneRevision() {
        assertThat(DeployValidation.historyLimit("historyLimit", 1)).isEqualTo(Validation.ok());
        assertThat(DeployValidation.historyLimit("historyLimit", " 10 ")).isEqualTo(Validation.ok());
        assertThat(DeployValidation.historyLimit("historyLimit", 0).message())
                .isEqualTo("historyLimit 0 keeps no revision: use 1 or more (default 10).");
        assertThat(DeployValidation.historyLimit("historyLimit", "ten").message())
                .isEqualTo("historyLimit 'ten' is not a whole number: use e.g. 10 (revisions kept).");
    }

    @Test
    void deployOptionsRefuseAHistoryLimitWithTheSameMessage() {
        assertThatThrownBy(() -> new DeployOptions(false, false, false, true, java.time.Duration.ofMinutes(1),
                java.time.Duration.ZERO, Set.of(), false, 0, "test"))
                .isInstanceOf(io.jenkins.plugins.kubeops.engine.common.KubeOpsException.class)
                .hasMessage("historyLimit 0 keeps no revision: use 1 or more (default 10).");
    }
}
