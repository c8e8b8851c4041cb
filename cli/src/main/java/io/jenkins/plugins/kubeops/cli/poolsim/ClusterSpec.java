package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One simulated cluster, which is also one Jenkins Kubernetes cloud and one pool member.
 *
 * @param nodeGroups   its nodes: an agent pod must fit on one of them
 * @param containerCap the cloud's container cap (kubernetes-plugin) and the member's agent cap (kube-ops): the only limit
 *                     the baselines know, whatever the cluster really has free
 * @param tenants      other tenants' pods that share the nodes
 * @param outages      windows in which the cluster fails
 */
public record ClusterSpec(String name, List<NodeGroup> nodeGroups, int containerCap, TenantLoad tenants, List<Outage> outages) {

    /** {@code count} nodes of the same allocatable size. */
    public record NodeGroup(int count, ResourceAmounts allocatable) {
        public NodeGroup {
            if (count < 1 || allocatable.cpuMillis() <= 0 || allocatable.memoryBytes() <= 0) {
                throw new IllegalArgumentException("a node group needs at least one node of positive size: " + count + " x "
                        + allocatable);
            }
        }
    }

    /**
     * A window in which the cluster fails. {@link Kind#API_UNREACHABLE}: the API server does not answer, so pod creations
     * fail after the client's connect timeout and informers lose their watches. {@link Kind#PODS_REJECTED}: the API server
     * answers but refuses every pod (e.g. an admission webhook with {@code failurePolicy: Fail} is down), so the cluster
     * looks healthy and idle while every provision fails.
     */
    public record Outage(Kind kind, Duration from, Duration to) {
        public enum Kind { API_UNREACHABLE, PODS_REJECTED }

        public Outage {
            Objects.requireNonNull(kind, "kind");
            if (from.isNegative() || to.compareTo(from) <= 0) {
                throw new IllegalArgumentException("an outage must end after it starts: " + from + " .. " + to);
            }
        }

        boolean covers(long millis) {
            return millis >= from.toMillis() && millis < to.toMillis();
        }
    }

    /**
     * Other tenants' pods, as shares of the cluster's allocatable CPU: a steady base of long-running pods, batch pods that come
     * and go around {@code churnShare}, and fill-ups (a big batch job that takes {@code share} of the cluster for a while).
     */
    public record TenantLoad(double baseShare, double churnShare, List<FillUp> fillUps) {
        public record FillUp(Duration from, Duration to, double share) {
        }

        public static final TenantLoad NONE = new TenantLoad(0, 0, List.of());

        public TenantLoad {
            if (baseShare < 0 || churnShare < 0 || baseShare + churnShare >= 1) {
                throw new IllegalArgumentException("tenant shares must be non-negative and leave room for agents: " + baseShare
                        + " + " + churnShare);
            }
            fillUps = List.copyOf(fillUps);
        }
    }

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        nodeGroups = List.copyOf(nodeGroups);
        Objects.requireNonNull(tenants, "tenants");
        outages = List.copyOf(outages);
        if (nodeGroups.isEmpty()) {
            throw new IllegalArgumentException("cluster " + name + " needs nodes");
        }
        if (containerCap < 1) {
            throw new IllegalArgumentException("cluster " + name + " needs a container cap of at least 1, got " + containerCap);
        }
    }

    public ResourceAmounts allocatable() {
        ResourceAmounts total = ResourceAmounts.ZERO;
        for (NodeGroup group : nodeGroups) {
            total = total.plus(new ResourceAmounts(group.allocatable().cpuMillis() * group.count(),
                    group.allocatable().memoryBytes() * group.count()));
        }
        return total;
    }

    public int nodeCount() {
        return nodeGroups.stream().mapToInt(NodeGroup::count).sum();
    }

    boolean apiUnreachableAt(long millis) {
        return outages.stream().anyMatch(o -> o.kind() == Outage.Kind.API_UNREACHABLE && o.covers(millis));
    }

    boolean rejectsPodsAt(long millis) {
        return outages.stream().anyMatch(o -> o.kind() == Outage.Kind.PODS_REJECTED && o.covers(millis));
    }
}
