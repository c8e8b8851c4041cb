package io.jenkins.plugins.kubeops.engine.canary;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One process drives a workload's canary at a time: a Lease {@code kube-ops-canary-<deployment>} next to it, renewed while the
 * process works and deleted when it stops. A process that died stops renewing; its lease expires and {@code resume} takes
 * over. A second driver is refused at once, naming the holder (as {@code deploy}'s release lock does, without the queue).
 */
public final class CanaryLock implements AutoCloseable {

    static final int LEASE_SECONDS = 15;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String holder;
    private final Clock clock;
    private final ScheduledExecutorService renewer;

    private CanaryLock(KubernetesClient client, String namespace, String name, String holder, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.holder = holder;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-canary-lease-" + name);
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleAtFixedRate(this::renew, LEASE_SECONDS / 3, LEASE_SECONDS / 3, TimeUnit.SECONDS);
    }

    public static String leaseName(String deployment) {
        return "kube-ops-canary-" + deployment;
    }

    /** @param holder who drives the canary (e.g. "kube-ops CLI on build-7 (pid 4711)"), shown to whoever is refused */
    public static CanaryLock acquire(KubernetesClient client, String namespace, String deployment, String holder, Clock clock) {
        return acquire(client, namespace, deployment, holder, java.time.Duration.ZERO, clock, Progress.NONE);
    }

    /**
     * As {@link #acquire(KubernetesClient, String, String, String, Clock)}, waiting up to {@code wait} for the holder to let
     * go or for its lease to expire (a driver that died stops renewing within {@link #LEASE_SECONDS} seconds).
     */
    public static CanaryLock acquire(KubernetesClient client, String namespace, String deployment, String holder,
                                     java.time.Duration wait, Clock clock, Progress progress) {
        String name = leaseName(deployment);
        Instant deadline = clock.instant().plus(wait);
        boolean reported = false;
        for (int attempt = 0; ; attempt++) {
            Lease current = client.leases().inNamespace(namespace).withName(name).get();
            Instant now = clock.instant();
            try {
                if (current == null) {
                    client.leases().inNamespace(namespace).resource(lease(name, holder, now, 0)).create();
                    return new CanaryLock(client, namespace, name, holder, clock);
                }
                if (holder.equals(current.getSpec().getHolderIdentity()) || expired(current, now)) {
                    int transitions = current.getSpec().getLeaseTransitions() == null ? 0 : current.getSpec().getLeaseTransitions();
                    Lease taken = lease(name, holder, now, transitions + 1);
                    taken.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    client.leases().inNamespace(namespace).resource(taken).update();
                    return new CanaryLock(client, namespace, name, holder, clock);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 3) { // 409: another process was faster; look again
                    throw e;
                }
                continue;
            }
            if (now.isBefore(deadline)) {
                if (!reported) {
                    progress.say("waiting for '" + current.getSpec().getHolderIdentity() + "', which drives the canary of "
                            + namespace + "/" + deployment + ", to stop (or for its lease to expire) ...");
                    reported = true;
                }
                sleep(java.time.Duration.ofMillis(Math.min(1000, java.time.Duration.between(now, deadline).toMillis() + 1)));
                attempt = 0;
                continue;
            }
            throw new KubeOpsException("the canary of " + namespace + "/" + deployment + " is being driven by '"
                    + current.getSpec().getHolderIdentity() + "' (since " + current.getSpec().getAcquireTime() + "): one canary "
                    + "per workload at a time — wait for it, or run 'canary abort' (the driver acts on it at its next check).");
        }
    }

    /** Whether another process drives the canary now (its lease is live). */
    public static boolean heldByOther(KubernetesClient client, String namespace, String deployment, String holder, Clock clock) {
        Lease current = client.leases().inNamespace(namespace).withName(leaseName(deployment)).get();
        return current != null && !holder.equals(current.getSpec().getHolderIdentity()) && !expired(current, clock.instant());
    }

    private void renew() {
        try {
            Lease current = client.leases().inNamespace(namespace).withName(name).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                current.getSpec().setRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                client.leases().inNamespace(namespace).resource(current).update();
            }
        } catch (KubernetesClientException e) {
            // the next renewal tries again; the lease lasts three renewal periods
        }
    }

    @Override
    public void close() {
        renewer.shutdownNow();
        // an interrupted driver still releases its lease, so that resume need not wait for it to expire
        boolean interrupted = Thread.interrupted();
        try {
            Lease current = client.leases().inNamespace(namespace).withName(name).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                client.leases().inNamespace(namespace).resource(current).delete();
            }
        } catch (KubernetesClientException e) {
            // the lease expires on its own
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops renewing without releasing, as a process that died would (for tests of takeover). */
    void abandon() {
        renewer.shutdownNow();
    }

    private static void sleep(java.time.Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while waiting for the canary's lease", e);
        }
    }

    private static Lease lease(String name, String holder, Instant now, int transitions) {
        ZonedDateTime time = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
        return new LeaseBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withHolderIdentity(holder)
                .withLeaseDurationSeconds(LEASE_SECONDS).withAcquireTime(time).withRenewTime(time).withLeaseTransitions(transitions)
                .endSpec().build();
    }

    static boolean expired(Lease lease, Instant now) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime() : lease.getSpec().getAcquireTime();
        int seconds = lease.getSpec().getLeaseDurationSeconds() == null ? LEASE_SECONDS : lease.getSpec().getLeaseDurationSeconds();
        return renewed == null || renewed.toInstant().plusSeconds(seconds).isBefore(now);
    }
}
