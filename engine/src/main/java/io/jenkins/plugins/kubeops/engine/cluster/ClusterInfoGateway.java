package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The one place the cluster summary talks to the API server: version, nodes and non-terminal pods, read in pages so that
 * a large cluster is never fetched in one response.
 */
public final class ClusterInfoGateway {

    static final long PAGE_SIZE = 500;

    private final KubernetesClient client;
    private final String description;

    public ClusterInfoGateway(KubernetesClient client, String description) {
        this.client = client;
        this.description = description;
    }

    public ClusterSummary summary() {
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            List<Node> nodes = pages(options -> {
                NodeList page = client.nodes().list(options);
                return new Page<>(page.getItems(), page.getMetadata().getContinue());
            });
            // Terminal pods hold no resources; the field selector keeps them out of the response.
            List<Pod> pods = pages(options -> {
                PodList page = client.pods().inAnyNamespace()
                        .withoutField("status.phase", "Succeeded").withoutField("status.phase", "Failed").list(options);
                return new Page<>(page.getItems(), page.getMetadata().getContinue());
            });
            return ClusterSummary.of(version, nodes, pods);
        } catch (KubernetesClientException e) {
            throw new KubeOpsException("cannot read cluster state from " + description + ": " + ClusterErrors.explain(e), e);
        }
    }

    private record Page<T>(List<T> items, String continueToken) {
    }

    private static <T> List<T> pages(Function<io.fabric8.kubernetes.api.model.ListOptions, Page<T>> fetch) {
        List<T> all = new ArrayList<>();
        String token = null;
        do {
            Page<T> page = fetch.apply(new ListOptionsBuilder().withLimit(PAGE_SIZE).withContinue(token).build());
            all.addAll(page.items());
            token = page.continueToken() == null || page.continueToken().isEmpty() ? null : page.continueToken();
        } while (token != null);
        return all;
    }
}
