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
}
