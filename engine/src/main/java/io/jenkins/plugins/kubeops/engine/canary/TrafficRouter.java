package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.util.Set;

/** Sends a share of a Deployment's traffic to its canary. Every method is idempotent, so a resumed canary can repeat it. */
public interface TrafficRouter {

    String describe();

    /**
     * Labels of the stable pods that must not be on the canary's pods, because the stable Service selects on them (routers
     * that send the canary its traffic through a Service of its own); empty for replica ratio.
     */
    Set<String> labelsHiddenFromCanary();

    /** Creates what the router needs before the first weight (a canary Service, a canary Ingress). */
    void prepare(Progress progress);

    /** Runs the pods the weight needs and sends {@code weight} percent of the traffic to the canary. */
    ReplicaSplit setWeight(int weight, Progress progress);

    /** All traffic to the stable version at once (abort); the canary's pods may keep running. */
    void resetToStable(Progress progress);

    /** Removes the router's own objects; the stable version then serves as before the canary. */
    void cleanup(Progress progress);
}
