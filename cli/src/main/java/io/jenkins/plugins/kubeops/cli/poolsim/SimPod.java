package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;

/** A pod in a simulated cluster: an agent's pod, or another tenant's when {@code agent} is null. Mutable simulation state. */
final class SimPod {

    final ResourceAmounts requests;
    final Agent agent;
    /** The node index it is bound to, or -1 while it is pending. */
    int node = -1;
    /** Set when the scheduler tried and found no node with room: the pod is Unschedulable. */
    boolean unschedulable;

    SimPod(ResourceAmounts requests, Agent agent) {
        this.requests = requests;
        this.agent = agent;
    }

    boolean bound() {
        return node >= 0;
    }
}
