package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import io.jenkins.plugins.kubeops.engine.deploy.DeployService;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The one seam between {@code kubeDeploy}'s coordination and the cluster: the engine's {@link DeployService} in
 * production; tests put a fake in its place to control timing (restarts) without a cluster.
 */
@FunctionalInterface
interface ReleaseDeployer {

    /** Blocks for the whole deploy (minutes); responds to interruption as the engine does. */
    DeployResult deploy(ClusterConnection connection, ReleaseSpec spec, DeployOptions options, Consumer<String> progress);

    /** A client per deploy, closed afterwards, with the engine's default timeouts. */
    ReleaseDeployer ENGINE = (connection, spec, options, progress) -> {
        try (KubernetesClient client = new KubernetesClientFactory(ClientTimeouts.DEFAULT).create(connection)) {
            return new DeployService(client, Clock.systemUTC()).deploy(spec, options, progress);
        }
    };
}
