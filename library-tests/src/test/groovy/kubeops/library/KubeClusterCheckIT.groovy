package kubeops.library

import static org.assertj.core.api.Assertions.assertThat
import static org.assertj.core.api.Assertions.assertThatThrownBy

import io.fabric8.kubernetes.client.KubernetesClient
import io.jenkins.plugins.kubeops.engine.cluster.ClusterInfoGateway
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace
import java.time.Duration
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.ExtendWith

/** kubeClusterCheck with the plugin step answered by the real engine against the real control plane. */
@ExtendWith(KubernetesClusterExtension)
class KubeClusterCheckIT extends LibraryTestBase {

    @Test
    void passesOnTheRealClusterAndFailsWhenItNeedsMoreReadyNodesThanItHas(TestNamespace namespace) {
        namespace.createNode('worker', '4', '16Gi', [:])
        namespace.awaitNodesReady(Duration.ofSeconds(60))
        onStep('kubeClusterInfo') { Map args ->
            KubernetesClient client = new KubernetesClientFactory().create(namespace.cluster().connection())
            try {
                return [cluster: args.cluster] + new ClusterInfoGateway(client, 'test cluster').summary().toMap()
            } finally {
                client.close()
            }
        }

        Map info = runVar('kubeClusterCheck', [cluster: 'local'])

        assertThat(info.serverVersion as String).startsWith('v1.36.')
        assertThat(info.readyNodes as int).isGreaterThanOrEqualTo(1)
        assertThatThrownBy { runVar('kubeClusterCheck', [cluster: 'local', minReadyNodes: (info.nodes as int) + 1]) }
                .hasMessageContaining("kubeClusterCheck: cluster 'local' has ${info.readyNodes} Ready nodes, fewer than minReadyNodes")
    }
}
