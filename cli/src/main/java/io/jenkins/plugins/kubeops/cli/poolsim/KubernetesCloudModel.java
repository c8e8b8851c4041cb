package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.pool.ProvisionWorkload;
import java.util.ArrayList;
import java.util.List;

/**
 * kubernetes-plugin's {@code KubernetesCloud.provision(state, excessWorkload)}: it never looks at the cluster. It subtracts
 * the label's agents already in provisioning in any cloud ({@code InProvisioning.getAllInProvisioning(label)}: added, not
 * yet online) from the workload it is asked for, then plans one agent per unit while the container cap allows
 * ({@code KubernetesProvisioningLimits.register}). {@code canProvision} only checks that a template matches the label, which
 * every simulated cloud has.
 */
final class KubernetesCloudModel {

    private KubernetesCloudModel() {
    }

    static List<Agent> provision(JenkinsFarm farm, SimCluster cloud, String label, int excessWorkload) {
        return provision(farm, cloud, label, excessWorkload, null);
    }

    /**
     * One agent for one build, as a strategy that has chosen the cloud itself gets it: it asks for one more than the agents in
     * provisioning, which {@code provision} subtracts again. Returns null when the container cap is reached.
     */
    static Agent provisionOne(JenkinsFarm farm, SimCluster cloud, String label, String affinityKey) {
        List<Agent> planned = provision(farm, cloud, label, ProvisionWorkload.toAsk(1, farm.inProvisioning(label)), affinityKey);
        return planned.isEmpty() ? null : planned.get(0);
    }

    private static List<Agent> provision(JenkinsFarm farm, SimCluster cloud, String label, int excessWorkload,
                                         String affinityKey) {
        int toBeProvisioned = ProvisionWorkload.planned(excessWorkload, farm.inProvisioning(label));
        List<Agent> planned = new ArrayList<>();
        while (toBeProvisioned > 0) {
            Agent agent = farm.plan(cloud, label, affinityKey);
            if (agent == null) {
                break;
            }
            planned.add(agent);
            toBeProvisioned--;
        }
        return planned;
    }
}
