package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.LeaseLock;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Serializes deploys of one release with a {@link LeaseLock} {@code kube-ops-release-<release>} in its namespace. A second
 * deploy waits up to its limit (queueing behind the first), then fails naming the holder.
 */
public final class ReleaseLock implements AutoCloseable {

    static final Duration LEASE = Duration.ofSeconds(30);

    private final LeaseLock lease;

    private ReleaseLock(LeaseLock lease) {
        this.lease = lease;
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
        LeaseLock.Wording wording = new LeaseLock.Wording() {
            @Override
            public String waiting(String other, Lease current) {
                return "waiting for '" + other + "', which is deploying release " + release + " ...";
            }

            @Override
            public KubeOpsException refused(String other, Lease current) {
                return new KubeOpsException("release " + release + " in " + namespace + " is being deployed by '" + other
                        + "' (since " + current.getSpec().getAcquireTime() + "): wait for it to finish, or allow a longer lock "
                        + "wait to queue behind it (CLI --lock-wait, step lockWait).");
            }
        };
        return new ReleaseLock(LeaseLock.acquire(client, new LeaseLock.Settings(namespace, leaseName(release), LEASE, wait),
                holder, clock, LeaseLock.Sleeper.REAL, progress::accept, wording));
    }

    @Override
    public void close() {
        lease.close();
    }
}
