package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serializes deploys of one release with a Lease in its namespace: the holder renews it while it works and deletes it when
 * done; a holder that crashed stops renewing and its lease expires, so the next deploy takes over. A second deploy waits up
 * to its limit, then fails naming the holder.
 */
public final class ReleaseLock implements AutoCloseable {

    static final int LEASE_SECONDS = 30;

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final String holder;
    private final Clock clock;
    private final ScheduledExecutorService renewer;

    private ReleaseLock(KubernetesClient client, String namespace, String name, String holder, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.holder = holder;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-lease-" + name);
            thread.setDaemon(true);
            return thread;
        });
        renewer.scheduleAtFixedRate(this::renew, LEASE_SECONDS / 3, LEASE_SECONDS / 3, TimeUnit.SECONDS);
    }

    public static String leaseName(String release) {
        return "kube-ops-release-" + release;
    }

    /**
     * Takes the release's lease, waiting up to {@code wait} while another deploy holds it.
     *
     * @param holder who deploys (e.g. "jenkins build team/app#42"), shown to whoever waits
     */
    public static ReleaseLock acquire(KubernetesClient client, String namespace, String release, String holder, Duration wait,
                                      Clock clock, Consumer<String> progress) {
        String name = leaseName(release);
        Instant deadline = clock.instant().plus(wait);
        String lastReported = null;
        while (true) {
            Lease current = client.leases().inNamespace(namespace).withName(name).get();
            Instant now = clock.instant();
            try {
                if (current == null) {
                    client.leases().inNamespace(namespace).resource(lease(name, holder, now, 0)).create();
                    return new ReleaseLock(client, namespace, name, holder, clock);
                }
                if (holder.equals(current.getSpec().getHolderIdentity()) || expired(current, now)) {
                    int transitions = current.getSpec().getLeaseTransitions() == null ? 0 : current.getSpec().getLeaseTransitions();
                    Lease taken = lease(name, holder, now, transitions + 1);
                    taken.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    client.leases().inNamespace(namespace).resource(taken).update();
                    return new ReleaseLock(client, namespace, name, holder, clock);
                }
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) { // 409: someone else was faster; look again
                    throw e;
                }
                continue;
            }
            String other = current.getSpec().getHolderIdentity();
            if (!now.isBefore(deadline)) {
                throw new KubeOpsException("release " + release + " in " + namespace + " is being deployed by '" + other
                        + "' (since " + current.getSpec().getAcquireTime() + "): wait for it to finish, or allow a longer lock wait "
                        + "to queue behind it (CLI --lock-wait, step lockWait).");
            }
            if (!other.equals(lastReported)) {
                progress.accept("waiting for '" + other + "', which is deploying release " + release + " ...");
                lastReported = other;
            }
            sleep(Duration.ofMillis(Math.min(1000, Duration.between(now, deadline).toMillis() + 1)));
        }
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
        try {
            Lease current = client.leases().inNamespace(namespace).withName(name).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                client.leases().inNamespace(namespace).resource(current).delete();
            }
        } catch (KubernetesClientException e) {
            // the lease expires on its own
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

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while waiting for the release lock", e);
        }
    }
}
