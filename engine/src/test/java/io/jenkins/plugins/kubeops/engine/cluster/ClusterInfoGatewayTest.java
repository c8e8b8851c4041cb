package io.jenkins.plugins.kubeops.engine.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Request shapes only (paging, field selectors, error mapping); behaviour against a real API server is in ClusterInfoIT. */
@EnableKubernetesMockClient
class ClusterInfoGatewayTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void readsNodesInPagesAndAsksOnlyForNonTerminalPods() {
        server.setVersionInfo(new VersionInfo.Builder().withGitVersion("v1.36.4").withMajor("1").withMinor("36").build());
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(200, new NodeListBuilder()
                .addToItems(ClusterSummaryTest.node("a", "4", "16Gi", "True"))
                .withNewMetadata().withContinue("page-2").endMetadata().build()).once();
        server.expect().get().withPath("/api/v1/nodes?continue=page-2&limit=500").andReturn(200, new NodeListBuilder()
                .addToItems(ClusterSummaryTest.node("b", "2", "8Gi", "True")).withNewMetadata().endMetadata().build()).once();
        String selector = URLEncoder.encode("status.phase!=Succeeded,status.phase!=Failed", StandardCharsets.UTF_8);
        server.expect().get().withPath("/api/v1/pods?fieldSelector=" + selector + "&limit=500").andReturn(200, new PodListBuilder()
                .addToItems(ClusterSummaryTest.pod("p", "a", "Running", "1", "1Gi")).withNewMetadata().endMetadata().build()).once();

        ClusterSummary summary = new ClusterInfoGateway(client, "test").summary();

        assertThat(summary.serverVersion()).isEqualTo("v1.36.4");
        assertThat(summary.nodes()).isEqualTo(2);
        assertThat(summary.allocatable().cpuMillis()).isEqualTo(6000);
        assertThat(summary.requested().cpuMillis()).isEqualTo(1000);
    }

    @Test
    void explainsAForbiddenRequestWithTheMissingPermission() {
        server.expect().get().withPath("/api/v1/nodes?limit=500").andReturn(403, """
                {"kind":"Status","apiVersion":"v1","status":"Failure","reason":"Forbidden","code":403,
                 "message":"nodes is forbidden: User \\"ci\\" cannot list resource \\"nodes\\" at the cluster scope"}""").once();

        assertThatThrownBy(() -> new ClusterInfoGateway(client, "API server https://x").summary())
                .isInstanceOf(KubeOpsException.class)
                .hasMessageContaining("API server https://x")
                .hasMessageContaining("permission denied (HTTP 403)")
                .hasMessageContaining("cannot list resource \"nodes\"");
    }
}
