package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A lock held in a coordination.k8s.io Lease, the one way Kube Ops keeps two processes from doing the same thing (a deploy
 * of a release, the driver of a canary, an upgrade of a cluster). The holder renews it every third of its duration while
 * it works and deletes it when done; a holder that died stops renewing, its lease expires and the next process takes over.
 * A live holder makes the next one wait up to its limit, then be refused in the words of the lock's {@link Wording}.
 */
public final class LeaseLock implements AutoCloseable {

    /** How a lock speaks of itself: what a waiting process is told, and the refusal when its wait is over. */
    public interface Wording {
        String waiting(String otherHolder, Lease current);

        KubeOpsException refused(String otherHolder, Lease current);
    }

    /** Waits between two looks at a held lease. */
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

        void sleep(Duration duration) throws InterruptedException;
    }

    /**
     * @param lease how long the lease lasts without renewal (the time a dead holder blocks the next process)
     * @param maxWait how long to wait for a live holder before being refused (zero: refused at once)
     */
    public record Settings(String namespace, String name, Duration lease, Duration maxWait) {
        public Settings {
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(lease, "lease");
            Objects.requireNonNull(maxWait, "maxWait");
        }
    }

    /** Conflicting writes in a row (other processes taking the lease at the same moment) before giving up. */
    private static final int MAX_CONFLICTS = 10;
    private static final Duration LOOK_EVERY = Duration.ofMillis(500);

    private final KubernetesClient client;
    private final Settings settings;
    private final String holder;
    private final Clock clock;
    private final ScheduledExecutorService renewer;

    private LeaseLock(KubernetesClient client, Settings settings, String holder, Clock clock) {
        this.client = client;
        this.settings = settings;
        this.holder = holder;
        this.clock = clock;
        this.renewer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-lease-" + settings.name());
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(1, settings.lease().toMillis() / 3);
        renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lease: creates it, or takes it over when it is ours already or expired; while another holder keeps it
     * alive, waits (saying so once per holder) until {@code settings.maxWait()} has passed, then is refused.
     *
     * @param holder who takes it (e.g. "jenkins build team/app#42"), shown to whoever waits or is refused
     */
    public static LeaseLock acquire(KubernetesClient client, Settings settings, String holder, Clock clock, Sleeper sleeper,
                                    Progress progress, Wording wording) {
        Instant deadline = clock.instant().plus(settings.maxWait());
        String lastReported = null;
        int conflicts = 0;
        while (true) {
            Lease current;
            try {
                current = leases(client, settings.namespace()).withName(settings.name()).get();
                Instant now = clock.instant();
                if (current == null) {
                    leases(client, settings.namespace()).resource(lease(settings, holder, now, 0)).create();
                    return new LeaseLock(client, settings, holder, clock);
                }
                if (holder.equals(current.getSpec().getHolderIdentity()) || expiry(current, settings.lease()).isBefore(now)) {
                    int transitions = Optional.ofNullable(current.getSpec().getLeaseTransitions()).orElse(0) + 1;
                    Lease taken = lease(settings, holder, now, transitions);
                    taken.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
                    leases(client, settings.namespace()).resource(taken).update();
                    return new LeaseLock(client, settings, holder, clock);
                }
                conflicts = 0;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409 && ++conflicts < MAX_CONFLICTS) { // another process was faster: look again
                    continue;
                }
                throw new KubeOpsException("cannot take Lease " + settings.namespace() + "/" + settings.name() + ": "
                        + ClusterErrors.explain(e), e);
            }
            String other = current.getSpec().getHolderIdentity();
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw wording.refused(other, current);
            }
            if (!Objects.equals(other, lastReported)) {
                progress.say(wording.waiting(other, current));
                lastReported = other;
            }
            try {
                sleeper.sleep(min(LOOK_EVERY, Duration.between(now, deadline).plusMillis(1)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubeOpsException("interrupted while waiting for Lease " + settings.namespace() + "/"
                        + settings.name() + " held by '" + other + "'", e);
            }
        }
    }

    /** Who holds the lease while it is live, if anyone. */
    public static Optional<String> liveHolder(KubernetesClient client, String namespace, String name, Duration lease,
                                              Instant now) {
        Lease current = leases(client, namespace).withName(name).get();
        if (current == null || expiry(current, lease).isBefore(now)) {
            return Optional.empty();
        }
        return Optional.ofNullable(current.getSpec().getHolderIdentity());
    }

    /** When the lease runs out unless renewed; the epoch for a lease never renewed nor acquired. */
    public static Instant expiry(Lease lease, Duration defaultLease) {
        ZonedDateTime renewed = lease.getSpec().getRenewTime() != null ? lease.getSpec().getRenewTime()
                : lease.getSpec().getAcquireTime();
        int seconds = Optional.ofNullable(lease.getSpec().getLeaseDurationSeconds()).orElse((int) defaultLease.toSeconds());
        return renewed == null ? Instant.EPOCH : renewed.toInstant().plusSeconds(seconds);
    }

    private void renew() {
        try {
            Lease current = leases(client, settings.namespace()).withName(settings.name()).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                current.getSpec().setRenewTime(ZonedDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                leases(client, settings.namespace()).resource(current).update();
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
        // an interrupted (aborted) holder still releases its lease, so that the next process need not wait for it to expire
        boolean interrupted = Thread.interrupted();
        try {
            Lease current = leases(client, settings.namespace()).withName(settings.name()).get();
            if (current != null && holder.equals(current.getSpec().getHolderIdentity())) {
                leases(client, settings.namespace()).resource(current).delete();
            }
        } catch (KubernetesClientException e) {
            // the lease expires on its own
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Lease, io.fabric8.kubernetes.api.model.coordination.v1.LeaseList,
            io.fabric8.kubernetes.client.dsl.Resource<Lease>> leases(KubernetesClient client, String namespace) {
        return client.leases().inNamespace(namespace);
    }

    private static Lease lease(Settings settings, String holder, Instant now, int transitions) {
        ZonedDateTime time = ZonedDateTime.ofInstant(now, ZoneOffset.UTC);
        return new LeaseBuilder().withNewMetadata().withName(settings.name()).withNamespace(settings.namespace()).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds((int) Math.max(1, settings.lease().toSeconds()))
                .withAcquireTime(time).withRenewTime(time).withLeaseTransitions(transitions).endSpec().build();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
