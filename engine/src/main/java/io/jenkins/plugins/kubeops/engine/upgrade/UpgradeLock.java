package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One upgrade per cluster: a Lease in kube-system that the running upgrade renews. A process that died stops renewing, so
 * its lease expires and a {@code resume} takes over; a live holder is named in the refusal.
 */
public final class UpgradeLock implements AutoCloseable {

    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final String name;
    private final String holder;
    private final Polling polling;
    private final ScheduledExecutorService renewer;

    private UpgradeLock(KubernetesClient client, String name, String holder, Duration lease, Polling polling) {
        this.client = client;
        this.name = name;
        this.holder = holder;
        this.polling = polling;
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-upgrade-lease");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, lease.toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock. A holder that stopped renewing is waited for until its lease expires (at most one lease duration);
     * a holder that keeps renewing is alive, and the lock is refused naming it.
     */
    public static UpgradeLock acquire(KubernetesClient client, String name, String holder, Duration lease, Polling polling,
                                      Progress progress) {
        Instant deadline = polling.now().plus(lease).plusSeconds(2);
        boolean said = false;
        while (true) {
            try {
                Lease current = client.leases().inNamespace(UpgradeStateStore.NAMESPACE).withName(name).get();
                Instant now = polling.now();
                if (current == null) {
                    client.leases().inNamespace(UpgradeStateStore.NAMESPACE).resource(lease(name, holder, lease, now, 0)).create();
                    return new UpgradeLock(client, name, holder, lease, polling);
                }
                if (holder.equals(current.getSpec().getHolderIdentity()) || expiry(current).isBefore(now)) {
                    int transitions = Optional.ofNullable(current.getSpec().getLeaseTransitions()).orElse(0) + 1;
                    Lease taken = lease(name, holder, lease, now, transitions);
                    taken.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    client.leases().inNamespace(UpgradeStateStore.NAMESPACE).resource(taken).update();
                    return new UpgradeLock(client, name, holder, lease, polling);
                }
                if (!now.isBefore(deadline)) {
                    throw new KubeOpsException("another upgrade is running on this cluster: '" + current.getSpec().getHolderIdentity()
                            + "' holds Lease " + UpgradeStateStore.NAMESPACE + "/" + name + " and renewed it at "
                            + current.getSpec().getRenewTime() + ". Wait for it, or stop it with 'kube-ops upgrade pause' or "
                            + "'kube-ops upgrade abort'.");
                }
                if (!said) {
                    progress.say("waiting for the upgrade lock held by '" + current.getSpec().getHolderIdentity()
                            + "' (it expires at " + Polling.TIME.format(expiry(current)) + " unless its holder is alive)");
                    said = true;
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // 409: another process was faster; look again
                    throw new KubeOpsException("cannot take the upgrade lock (Lease " + UpgradeStateStore.NAMESPACE + "/" + name
                            + "): " + ClusterErrors.explain(e), e);
                }
            }
            polling.sleep(Duration.ofMillis(500));
        }
    }

    /** Who holds a live lock, if anyone. */
    public static Optional<String> holder(KubernetesClient client, String name, Instant now) {
        Lease current = client.leases().inNamespace(UpgradeStateStore.NAMESPACE).withName(name).get();
        if (current == null || expiry(current).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.getSpec().getHolderIdentity());
    }

    private void renew() {
        try {
            Lease current = client.leases().inNamespace(UpgradeStateStore.NAMESPACE).withName(name).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                current.getSpec().setRenewTime(ZonedDateTime.ofInstant(polling.now(), ZoneOffset.UTC));
                client.leases().inNamespace(UpgradeStateStore.NAMESPACE).resource(current).update();
            }
        } catch (KubernetesClientException e) {
            // the next renewal tries again; the lease lasts three renewal periods
        }
    }

    /** Stops renewing without releasing: the lease expires on its own, as when the process dies. */
    public void abandon() {
        renewer.shutdownNow();
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        try {
            Lease current = client.leases().inNamespace(UpgradeStateStore.NAMESPACE).withName(name).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                client.leases().inNamespace(UpgradeStateStore.NAMESPACE).resource(current).delete();
            }
        } catch (KubernetesClientException e) {
            // the lease expires on its own
        }
    }

    private static Instant expiry(Lease lease) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime() : lease.getSpec().getAcquireTime();
        int seconds = Optional.ofNullable(lease.getSpec().getLeaseDurationSeconds()).orElse((int) DEFAULT_LEASE.toSeconds());
        return renewed == null ? Instant.EPOCH : renewed.toInstant().plusSeconds(seconds);
    }

    private static Lease lease(String name, String holder, Duration duration, Instant now, int transitions) {
        ZonedDateTime time = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
        return new LeaseBuilder().withNewMetadata().withName(name).withNamespace(UpgradeStateStore.NAMESPACE).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) Math.max(1, duration.toSeconds()))
                .withAcquireTime(time).withRenewTime(time).withLeaseTransitions(transitions).endSpec().build();
    }
}
