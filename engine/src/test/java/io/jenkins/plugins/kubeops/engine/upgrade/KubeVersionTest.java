package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import org.junit.jupiter.api.Test;

class KubeVersionTest {

    @Test
    void parsesReleaseVersionsWithOrWithoutPrefixPatchAndSuffix() {
        assertThat(KubeVersion.parse("v1.35.4")).isEqualTo(new KubeVersion(1, 35, 4));
        assertThat(KubeVersion.parse("1.35.4")).hasToString("v1.35.4");
        assertThat(KubeVersion.parse("v1.35")).isEqualTo(new KubeVersion(1, 35, 0));
        assertThat(KubeVersion.parse("v1.35.4-eks-abc+1")).isEqualTo(new KubeVersion(1, 35, 4));
    }

    @Test
    void notAVersionIsRefusedByParseAndEmptyForTryParse() {
        assertThatThrownBy(() -> KubeVersion.parse("latest")).isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("'latest' is not a Kubernetes version");
        assertThat(KubeVersion.tryParse("kwok-v0.8.0")).isEmpty();
        assertThat(KubeVersion.tryParse("")).isEmpty();
        assertThat(KubeVersion.tryParse(null)).isEmpty();
    }

    @Test
    void ordersByMajorMinorPatchAndCountsMinorsBehind() {
        assertThat(KubeVersion.parse("v1.35.10")).isGreaterThan(KubeVersion.parse("v1.35.9"));
        assertThat(KubeVersion.parse("v1.36.0")).isGreaterThan(KubeVersion.parse("v1.35.9"));
        assertThat(KubeVersion.parse("v1.33.9").minorsBehind(KubeVersion.parse("v1.36.0"))).isEqualTo(3);
        assertThat(KubeVersion.parse("v1.36.0").minorsBehind(KubeVersion.parse("v1.35.0"))).isEqualTo(-1);
    }

    @Test
    void readsTheVersionFromAnImageTag() {
        assertThat(KubeVersion.ofImageTag("registry.k8s.io/kube-apiserver:v1.35.4")).contains(new KubeVersion(1, 35, 4));
        assertThat(KubeVersion.ofImageTag("localhost:5000/kube-proxy:v1.34.2@sha256:abc")).contains(new KubeVersion(1, 34, 2));
        assertThat(KubeVersion.ofImageTag("localhost:5000/kube-proxy")).as("a registry port is no tag").isEmpty();
        assertThat(KubeVersion.ofImageTag("registry.k8s.io/pause:latest")).isEmpty();
    }
}
