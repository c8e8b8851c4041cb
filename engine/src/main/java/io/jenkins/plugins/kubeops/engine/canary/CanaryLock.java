package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.LeaseLock;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Clock;
import java.time.Duration;

/**
 * One process drives a workload's canary at a time: a {@link LeaseLock} {@code kube-ops-canary-<deployment>} next to it. A
 * process that died stops renewing; its lease expires and {@code resume} takes over. A second driver is refused at once,
 * naming the holder (as {@code deploy}'s release lock does, without the queue).
 */
public final class CanaryLock implements AutoCloseable {

    static final int LEASE_SECONDS = 15;

    private final LeaseLock lease;

    private CanaryLock(LeaseLock lease) {
        this.lease = lease;
    }

    public static String leaseName(String deployment) {
        return "kube-ops-canary-" + deployment;
    }

    /** @param holder who drives the canary (e.g. "kube-ops CLI on build-7 (pid 4711)"), shown to whoever is refused */
    public static CanaryLock acquire(KubernetesClient client, String namespace, String deployment, String holder, Clock clock) {
        return acquire(client, namespace, deployment, holder, Duration.ZERO, clock, Progress.NONE);
    }

    /**
     * As {@link #acquire(KubernetesClient, String, String, String, Clock)}, waiting up to {@code wait} for the holder to let
     * go or for its lease to expire (a driver that died stops renewing within {@link #LEASE_SECONDS} seconds).
     */
    public static CanaryLock acquire(KubernetesClient client, String namespace, String deployment, String holder,
                                     Duration wait, Clock clock, Progress progress) {
        String target = namespace + "/" + deployment;
        LeaseLock.Wording wording = new LeaseLock.Wording() {
            @Override
            public String waiting(String other, Lease current) {
                return "waiting for '" + other + "', which drives the canary of " + target + ", to stop (or for its lease "
                        + "to expire) ...";
            }

            @Override
            public KubeOpsException refused(String other, Lease current) {
                return new KubeOpsException("the canary of " + target + " is being driven by '" + other + "' (since "
                        + current.getSpec().getAcquireTime() + "): one canary per workload at a time — wait for it, or run "
                        + "'canary abort' (the driver acts on it at its next check).");
            }
        };
        return new CanaryLock(LeaseLock.acquire(client, new LeaseLock.Settings(namespace, leaseName(deployment),
                Duration.ofSeconds(LEASE_SECONDS), wait), holder, clock, LeaseLock.Sleeper.REAL, progress, wording));
    }

    /** Whether another process drives the canary now (its lease is live). */
    public static boolean heldByOther(KubernetesClient client, String namespace, String deployment, String holder, Clock clock) {
        return LeaseLock.liveHolder(client, namespace, leaseName(deployment), Duration.ofSeconds(LEASE_SECONDS),
                clock.instant()).filter(live -> !live.equals(holder)).isPresent();
    }

    /** Stops renewing without releasing, as a process that died would (for tests of takeover). */
    void abandon() {
        lease.abandon();
    }

    @Override
    public void close() {
        lease.close();
    }
}
