package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Label;
import hudson.slaves.Cloud;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.pool.PoolValidation;
import io.jenkins.plugins.kubeops.engine.pool.ProvisionWorkload;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.csanchez.jenkins.plugins.kubernetes.InProvisioning;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud;
import org.csanchez.jenkins.plugins.kubernetes.PodLabel;

/**
 * The kubernetes plugin's clouds as pool members see them: a member names a cloud, the engine watches the cluster behind it
 * through the cloud's own (shared, cached) client, and recognises its agent pods by the cloud's pod labels.
 */
final class KubernetesClouds {

    private KubernetesClouds() {
    }

    static List<String> names() {
        return Jenkins.get().clouds.getAll(KubernetesCloud.class).stream().map(cloud -> cloud.name).toList();
    }

    static Optional<KubernetesCloud> find(String name) {
        Cloud cloud = Jenkins.get().getCloud(name);
        return cloud instanceof KubernetesCloud kubernetes ? Optional.of(kubernetes) : Optional.empty();
    }

    /** Blank is an error; a cloud that does not exist (yet) only a warning, so JCasC may configure pools before clouds. */
    static Validation check(String name) {
        return PoolValidation.memberCluster("Kubernetes cloud", name, names());
    }

    /** The namespace a member measures when it names none: the cloud's, else {@code default}. */
    static String namespaceOf(String cloudName) {
        return find(cloudName).map(KubernetesCloud::getNamespace).filter(namespace -> !namespace.isBlank()).orElse("default");
    }

    /**
     * The cloud's client, shared with the kubernetes plugin (which caches it): the engine borrows it and must never close it.
     */
    static KubernetesClient connect(String cloudName) {
        KubernetesCloud cloud = find(cloudName).orElseThrow(() -> new KubeOpsException("pool member '" + cloudName
                + "' is not a Kubernetes cloud: add a cloud of that name in Manage Jenkins » Clouds, or remove the member."));
        try {
            return cloud.connect();
        } catch (Exception e) { // connect() declares IOException and KubernetesAuthException; both mean the same here
            throw new KubeOpsException("cannot connect to Kubernetes cloud '" + cloudName + "' (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "): check its server URL and credentials in Manage Jenkins » Clouds.", e);
        }
    }

    /**
     * What to ask {@code cloud.provision} for so that it plans {@code newAgents}: a Kubernetes cloud first subtracts the
     * label's agents in provisioning, in every cloud ({@link ProvisionWorkload}), which our excess already discounts as
     * connecting executors. Other clouds are asked for what is needed.
     */
    static int workloadFor(Cloud cloud, Label label, int newAgents) {
        if (!(cloud instanceof KubernetesCloud)) {
            return newAgents;
        }
        return ProvisionWorkload.toAsk(newAgents, InProvisioning.getAllInProvisioning(label).size());
    }

    /** The labels the cloud puts on every agent pod (kubernetes plugin default {@code jenkins=slave}). */
    static Map<String, String> agentPodLabels(String cloudName) {
        Map<String, String> labels = new LinkedHashMap<>();
        find(cloudName).ifPresent(cloud -> {
            for (PodLabel label : cloud.getPodLabels()) {
                labels.put(label.getKey(), label.getValue());
            }
        });
        return labels.isEmpty() ? KubernetesCloud.DEFAULT_POD_LABELS : labels;
    }
}
