package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.pool.MemberCaps;
import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.MemberState;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.QuotaHeadroom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * What kube-ops' load probe would report for each simulated cluster: the state an informer cache holds (nodes, bound pods,
 * agent pods with their Unschedulable condition), plus the agents the strategy planned that have no pod yet. An API server
 * outage shows as "unreachable" only after the probe's lag (watches break, relists fail), and recovery after the same lag.
 * Reading it costs no API call: the simulation's equivalent of reading informer caches.
 */
final class MemberLoadProbe {

    static final String NAMESPACE = "agents";
    private static final Comparator<ResourceAmounts> LARGEST_FIRST = Comparator
            .comparingLong(ResourceAmounts::cpuMillis).thenComparingLong(ResourceAmounts::memoryBytes).reversed();

    private final JenkinsFarm farm;
    private final List<PoolMember> members = new ArrayList<>();

    MemberLoadProbe(JenkinsFarm farm) {
        this.farm = farm;
        for (SimCluster cluster : farm.clusters) {
            members.add(memberFor(cluster.spec));
        }
    }

    static PoolMember memberFor(ClusterSpec spec) {
        return new PoolMember(spec.name() + "/" + NAMESPACE, spec.name(), NAMESPACE, Map.of(),
                new MemberCaps(spec.containerCap(), 0, 0), 0, 1, MemberState.ACTIVE);
    }

    List<MemberSnapshot> snapshots() {
        List<MemberSnapshot> snapshots = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            snapshots.add(new MemberSnapshot(members.get(i), load(farm.clusters.get(i))));
        }
        return snapshots;
    }

    List<PoolMember> members() {
        return List.copyOf(members);
    }

    SimCluster clusterOf(PoolMember member) {
        return farm.clusters.get(members.indexOf(member));
    }

    PoolMember memberOf(SimCluster cluster) {
        return members.get(cluster.index);
    }

    String memberId(SimCluster cluster) {
        return members.get(cluster.index).id();
    }

    private MemberLoad load(SimCluster cluster) {
        String id = memberId(cluster);
        long seenAt = farm.loop.now() - farm.scenario.timings().probeLag().toMillis();
        if (cluster.spec.apiUnreachableAt(seenAt)) {
            return MemberLoad.unreachable(id);
        }
        int running = 0;
        int pending = 0;
        int unschedulable = 0;
        ResourceAmounts agentRequests = ResourceAmounts.ZERO;
        ResourceAmounts pendingRequests = ResourceAmounts.ZERO;
        for (Agent agent : farm.agentsIn(cluster)) {
            agentRequests = agentRequests.plus(agent.requests);
            if (agent.pod != null && agent.pod.bound()) {
                running++;
            } else {
                pending++;
                pendingRequests = pendingRequests.plus(agent.requests);
                if (agent.pod != null && agent.pod.unschedulable) {
                    unschedulable++;
                }
            }
        }
        List<ResourceAmounts> nodeFree = cluster.nodeFree();
        nodeFree.sort(LARGEST_FIRST);
        return new MemberLoad(id, true, cluster.spec.allocatable(), cluster.requested(), nodeFree, QuotaHeadroom.NONE, running,
                pending, agentRequests, pendingRequests, unschedulable);
    }
}
