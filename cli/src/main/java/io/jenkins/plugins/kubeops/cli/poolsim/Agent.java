package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;

/**
 * A one-shot Kubernetes agent, from the moment a cloud plans it until it is removed. Mutable simulation state.
 *
 * <p>States follow kubernetes-plugin: PLANNED (a {@code PlannedNode} whose future is already done, not yet added to Jenkins),
 * LAUNCHING (node added, connecting: the pod is being created, is pending, or is starting), IDLE and BUSY (online), GONE.
 */
final class Agent {

    enum State { PLANNED, LAUNCHING, IDLE, BUSY, GONE }

    final long id;
    final String label;
    final ResourceAmounts requests;
    final SimCluster cluster;
    /** The job the agent was planned for (kube-ops' affinity key), or null when the strategy plans by count. */
    final String affinityKey;
    State state = State.PLANNED;
    SimPod pod;
    long idleSince;

    Agent(long id, String label, ResourceAmounts requests, SimCluster cluster, String affinityKey) {
        this.id = id;
        this.label = label;
        this.requests = requests;
        this.cluster = cluster;
        this.affinityKey = affinityKey;
    }

    /** The pod is not bound yet (planned, being created, or pending): demand the cluster has not absorbed. */
    boolean inFlight() {
        return state == State.PLANNED || state == State.LAUNCHING && (pod == null || !pod.bound());
    }
}
