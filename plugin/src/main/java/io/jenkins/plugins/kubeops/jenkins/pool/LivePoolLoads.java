package io.jenkins.plugins.kubeops.jenkins.pool;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.WatchedClusterLoads;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Member loads from the engine's informers, one set per cloud, over the client each cloud's {@code connect()} returns. The
 * kubernetes plugin caches that client and hands it to every caller, so the engine borrows it and never closes it.
 */
final class LivePoolLoads implements PoolLoads {

    private static final Logger LOGGER = Logger.getLogger(LivePoolLoads.class.getName());

    private final WatchedClusterLoads watched = WatchedClusterLoads.borrowing(this::lend, KubernetesClouds::agentPodLabels);
    private final Map<String, KubernetesClient> lent = new ConcurrentHashMap<>();

    private KubernetesClient lend(String cloud) {
        KubernetesClient client = KubernetesClouds.connect(cloud);
        lent.put(cloud, client);
        return client;
    }

    @Override
    public List<MemberSnapshot> snapshots(Pool pool) {
        return watched.snapshots(pool);
    }

    @Override
    public boolean hasAgentPod(String cloud, String namespace, String podName) {
        return watched.hasAgentPod(cloud, namespace, podName);
    }

    @Override
    public Optional<Instant> agentPodUnschedulableSince(String cloud, String namespace, String podName) {
        return watched.agentPodUnschedulableSince(cloud, namespace, podName);
    }

    @Override
    public Map<String, String> problems() {
        return watched.problems();
    }

    @Override
    public void awaitSynced(Pool pool, Duration timeout) {
        watched.awaitSynced(pool, timeout);
    }

    @Override
    public void onRoomFreed(Consumer<String> listener) {
        watched.onRoomFreed(listener);
    }

    @Override
    public void forget(String cloud) {
        watched.forget(cloud);
        lent.remove(cloud);
    }

    /**
     * The kubernetes plugin replaces a cloud's client when its settings change and every 10 minutes (short-lived tokens, e.g.
     * EKS): a watch on the old client may then fail for good. Only failing watches are restarted, so a healthy cluster is
     * not listed again for nothing.
     */
    @Override
    public void refresh() {
        for (String cloud : watched.problems().keySet()) {
            KubernetesClient watched = lent.get(cloud);
            try {
                if (watched != null && KubernetesClouds.connect(cloud) == watched) {
                    continue; // the same client: its informers keep retrying on their own
                }
                LOGGER.log(Level.INFO, "Kube Ops: watching the cluster of cloud {0} again, with its current client", cloud);
            } catch (KubeOpsException e) {
                LOGGER.log(Level.FINE, "Kube Ops: cloud {0} cannot be reached: {1}", new Object[] {cloud, e.getMessage()});
            }
            forget(cloud);
        }
    }

    @Override
    public void close() {
        watched.close();
        lent.clear();
    }
}
