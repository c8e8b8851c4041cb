package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.LeaseLock;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One upgrade per cluster: a {@link LeaseLock} in kube-system that the running upgrade renews. A process that died stops
 * renewing, so its lease expires and a {@code resume} takes over; a live holder is named in the refusal.
 */
public final class UpgradeLock implements AutoCloseable {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final LeaseLock lease;

    private UpgradeLock(LeaseLock lease) {
        this.lease = lease;
    }

    /**
     * Takes the lock. A holder that stopped renewing is waited for until its lease expires (at most one lease duration);
     * a holder that keeps renewing is alive, and the lock is refused naming it.
     */
    public static UpgradeLock acquire(KubernetesClient client, String name, String holder, Duration lease, Polling polling,
                                      Progress progress) {
        LeaseLock.Wording wording = new LeaseLock.Wording() {
            @Override
            public String waiting(String other, Lease current) {
                return "waiting for the upgrade lock held by '" + other + "' (it expires at "
                        + Polling.TIME.format(LeaseLock.expiry(current, lease)) + " unless its holder is alive)";
            }

            @Override
            public KubeOpsException refused(String other, Lease current) {
                return new KubeOpsException("another upgrade is running on this cluster: '" + other + "' holds Lease "
                        + UpgradeStateStore.NAMESPACE + "/" + name + " and renewed it at " + current.getSpec().getRenewTime()
                        + ". Wait for it, or stop it with 'kube-ops upgrade pause' or 'kube-ops upgrade abort'.");
            }
        };
        LeaseLock.Settings settings = new LeaseLock.Settings(UpgradeStateStore.NAMESPACE, name, lease,
                lease.plusSeconds(2));
        return new UpgradeLock(LeaseLock.acquire(client, settings, holder, polling.clock(), polling::sleep, progress,
                wording));
    }

    /** Who holds a live lock, if anyone. */
    public static Optional<String> holder(KubernetesClient client, String name, Instant now) {
        return LeaseLock.liveHolder(client, UpgradeStateStore.NAMESPACE, name, DEFAULT_LEASE, now);
    }

    /** Stops renewing without releasing: the lease expires on its own, as when the process dies. */
    public void abandon() {
        lease.abandon();
    }

    @Override
    public void close() {
        lease.close();
    }
}
