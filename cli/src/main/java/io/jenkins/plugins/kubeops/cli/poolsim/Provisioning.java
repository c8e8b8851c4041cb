package io.jenkins.plugins.kubeops.cli.poolsim;

/** How agents get planned: Jenkins' NodeProvisioner with a strategy chain, or the greedy oracle. Hooks from the farm. */
interface Provisioning {

    /** Schedules periodic work. */
    void start();

    /** A build entered the queue (Queue listeners' {@code onEnterBuildable}). */
    void jobEnteredBuildable(String label);

    /** A pod left a cluster (build done, agent removed), so room may have freed up. */
    void capacityChanged();

    /** An agent's launch failed: the pod could not be created, or the agent did not connect in time. */
    void launchFailed(Agent agent, String reason);

    /** An agent connected. */
    void agentOnline(Agent agent);
}
