package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.cluster.PodRequests;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One cluster's load, kept up to date from informer events and read once per decision: per-node allocatable and requested
 * amounts, agent pods per namespace, and namespace quotas. Computing a member's {@link MemberLoad} touches only the nodes
 * and agent pods of that member — never the API. Thread-safe: informer threads write, decision threads read.
 */
public final class ClusterLoadState {

    /** kubernetes-plugin labels every agent pod {@code jenkins=slave} unless a cloud overrides its pod labels. */
    public static final Map<String, String> DEFAULT_AGENT_LABELS = Map.of("jenkins", "slave");
    /** At most this many per-node free amounts are kept per load: enough to answer "does it fit on some node". */
    static final int NODE_FREE_ENTRIES = 32;

    private record NodeInfo(Map<String, String> labels, ResourceAmounts allocatable, boolean usable) {
    }

    private record PodInfo(String namespace, String name, String nodeName, ResourceAmounts requests, boolean agent,
                           Map<String, String> nodeSelector, boolean unschedulable, Instant unschedulableSince) {
    }

    private final Map<String, String> agentLabels;
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    private final Map<String, PodInfo> pods = new HashMap<>();
    private final Map<String, ResourceAmounts> requestedByNode = new HashMap<>();
    private final Map<String, Set<String>> agentPodsByNamespace = new HashMap<>();
    /** Agent pod uid by {@code namespace/name}: a pod re-created under the same name gets a new uid. */
    private final Map<String, String> agentPodsByName = new HashMap<>();
    private final Map<String, Map<String, QuotaHeadroom>> quotasByNamespace = new HashMap<>();
    private volatile Runnable roomFreed = () -> { };

    public ClusterLoadState(Map<String, String> agentLabels) {
        this.agentLabels = Map.copyOf(agentLabels);
    }

    /**
     * Called, outside this state's lock, after a change that may let a waiting agent in: a pod that held node room or was
     * a pending agent went away, a node became usable or grew, or a quota gained room. Builds that wait for room then need
     * not wait for the next periodic look. Must return quickly (it runs on an informer thread).
     */
    public void onRoomFreed(Runnable listener) {
        this.roomFreed = listener;
    }

    public void nodeChanged(Node node) {
        String name = node.getMetadata().getName();
        boolean schedulable = node.getSpec() == null || !Boolean.TRUE.equals(node.getSpec().getUnschedulable());
        ResourceAmounts allocatable = node.getStatus() == null ? ResourceAmounts.ZERO
                : ResourceAmounts.of(node.getStatus().getAllocatable());
        NodeInfo now = new NodeInfo(labels(node.getMetadata().getLabels()), allocatable, schedulable && ClusterSummary.isReady(node));
        NodeInfo before;
        synchronized (this) {
            before = nodes.put(name, now);
        }
        signalIf(now.usable() && (before == null || !before.usable() || grew(before.allocatable(), now.allocatable())
                || !before.labels().equals(now.labels())));
    }

    public synchronized void nodeDeleted(String name) {
        nodes.remove(name);
    }

    public void podChanged(Pod pod) {
        boolean freed;
        synchronized (this) {
            freed = replacePod(pod);
        }
        signalIf(freed);
    }

    public void podDeleted(String uid) {
        boolean freed;
        synchronized (this) {
            freed = holdsRoom(removePod(uid));
        }
        signalIf(freed);
    }

    /** Records the pod's new state; true when its old state held room that the new one gives back. */
    private boolean replacePod(Pod pod) {
        String uid = pod.getMetadata().getUid();
        PodInfo previous = removePod(uid);
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase) || pod.getSpec() == null) {
            return holdsRoom(previous);
        }
        String nodeName = pod.getSpec().getNodeName() == null || pod.getSpec().getNodeName().isEmpty() ? null
                : pod.getSpec().getNodeName();
        PodInfo info = new PodInfo(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), nodeName,
                PodRequests.effective(pod.getSpec()), isAgent(pod), labels(pod.getSpec().getNodeSelector()), isUnschedulable(pod),
                unschedulableSince(pod));
        pods.put(uid, info);
        if (nodeName != null) {
            requestedByNode.merge(nodeName, info.requests(), ResourceAmounts::plus);
        }
        if (info.agent()) {
            agentPodsByNamespace.computeIfAbsent(info.namespace(), n -> new HashSet<>()).add(uid);
            agentPodsByName.put(info.namespace() + "/" + info.name(), uid);
        }
        return false; // binding a pending agent moves its room from "pending" to "requested": nothing freed
    }

    /** A bound pod holds node room; a pending agent holds room in the placement's pending estimate. */
    private static boolean holdsRoom(PodInfo pod) {
        return pod != null && (pod.nodeName() != null || pod.agent());
    }

    private PodInfo removePod(String uid) {
        PodInfo previous = pods.remove(uid);
        if (previous == null) {
            return null;
        }
        if (previous.nodeName() != null) {
            requestedByNode.computeIfPresent(previous.nodeName(), (node, sum) -> {
                ResourceAmounts rest = sum.minus(previous.requests());
                return rest.equals(ResourceAmounts.ZERO) ? null : rest;
            });
        }
        if (previous.agent()) {
            Set<String> agents = agentPodsByNamespace.get(previous.namespace());
            if (agents != null) {
                agents.remove(uid);
            }
            agentPodsByName.remove(previous.namespace() + "/" + previous.name(), uid);
        }
        return previous;
    }

    /** Whether a non-terminal agent pod of that name is in the namespace: an agent planned by Jenkins now counts here. */
    public synchronized boolean hasAgentPod(String namespace, String name) {
        return agentPodsByName.containsKey(namespace + "/" + name);
    }

    /**
     * Since when the scheduler has reported that agent pod Unschedulable (its PodScheduled condition's last transition);
     * empty when the pod is not in the cache, is not Unschedulable, or the condition carries no time.
     */
    public synchronized Optional<Instant> agentPodUnschedulableSince(String namespace, String name) {
        String uid = agentPodsByName.get(namespace + "/" + name);
        PodInfo pod = uid == null ? null : pods.get(uid);
        return pod != null && pod.unschedulable() ? Optional.ofNullable(pod.unschedulableSince()) : Optional.empty();
    }

    public void quotaChanged(ResourceQuota quota) {
        QuotaHeadroom now = headroom(quota);
        QuotaHeadroom before;
        synchronized (this) {
            before = quotasByNamespace.computeIfAbsent(quota.getMetadata().getNamespace(), n -> new HashMap<>())
                    .put(quota.getMetadata().getName(), now);
        }
        signalIf(before != null && gainedRoom(before, now));
    }

    public void quotaDeleted(String namespace, String name) {
        QuotaHeadroom removed;
        synchronized (this) {
            Map<String, QuotaHeadroom> quotas = quotasByNamespace.get(namespace);
            removed = quotas == null ? null : quotas.remove(name);
        }
        signalIf(removed != null);
    }

    /** Runs the listener outside the lock, so that it never waits for (or holds up) informer updates. */
    private void signalIf(boolean freed) {
        if (freed) {
            roomFreed.run();
        }
    }

    private static boolean grew(ResourceAmounts before, ResourceAmounts now) {
        return now.cpuMillis() > before.cpuMillis() || now.memoryBytes() > before.memoryBytes();
    }

    private static boolean gainedRoom(QuotaHeadroom before, QuotaHeadroom now) {
        return left(now.hard().cpuMillis(), now.used().cpuMillis()) > left(before.hard().cpuMillis(), before.used().cpuMillis())
                || left(now.hard().memoryBytes(), now.used().memoryBytes())
                        > left(before.hard().memoryBytes(), before.used().memoryBytes())
                || left(now.podsHard(), now.podsUsed()) > left(before.podsHard(), before.podsUsed());
    }

    /** The member's load now, from the caches. */
    public synchronized MemberLoad loadFor(PoolMember member, boolean reachable) {
        if (!reachable) {
            return MemberLoad.unreachable(member.id());
        }
        ResourceAmounts allocatable = ResourceAmounts.ZERO;
        ResourceAmounts requested = ResourceAmounts.ZERO;
        List<ResourceAmounts> nodeFree = new ArrayList<>();
        for (Map.Entry<String, NodeInfo> entry : nodes.entrySet()) {
            NodeInfo node = entry.getValue();
            if (!node.usable() || !matches(node.labels(), member.nodeSelector())) {
                continue;
            }
            ResourceAmounts used = requestedByNode.getOrDefault(entry.getKey(), ResourceAmounts.ZERO);
            allocatable = allocatable.plus(node.allocatable());
            requested = requested.plus(used);
            nodeFree.add(node.allocatable().minus(used));
        }
        nodeFree.sort(Comparator.comparingLong(ResourceAmounts::cpuMillis).thenComparingLong(ResourceAmounts::memoryBytes)
                .reversed());
        int running = 0;
        int pending = 0;
        int unschedulable = 0;
        ResourceAmounts agentRequests = ResourceAmounts.ZERO;
        ResourceAmounts pendingRequests = ResourceAmounts.ZERO;
        for (String uid : agentPodsByNamespace.getOrDefault(member.namespace(), Set.of())) {
            PodInfo pod = pods.get(uid);
            if (!matches(pod.nodeSelector(), member.nodeSelector())) {
                continue;
            }
            agentRequests = agentRequests.plus(pod.requests());
            if (pod.nodeName() != null) {
                running++;
            } else {
                pending++;
                pendingRequests = pendingRequests.plus(pod.requests());
                if (pod.unschedulable()) {
                    unschedulable++;
                }
            }
        }
        return new MemberLoad(member.id(), true, allocatable, requested,
                nodeFree.subList(0, Math.min(NODE_FREE_ENTRIES, nodeFree.size())), quota(member.namespace()), running, pending,
                agentRequests, pendingRequests, unschedulable);
    }

    private QuotaHeadroom quota(String namespace) {
        QuotaHeadroom tightest = QuotaHeadroom.NONE;
        for (QuotaHeadroom quota : quotasByNamespace.getOrDefault(namespace, Map.of()).values()) {
            tightest = tighter(tightest, quota);
        }
        return tightest;
    }

    /** Per resource, the limit with the least room left. */
    static QuotaHeadroom tighter(QuotaHeadroom a, QuotaHeadroom b) {
        boolean cpuA = left(a.hard().cpuMillis(), a.used().cpuMillis()) <= left(b.hard().cpuMillis(), b.used().cpuMillis());
        boolean memA = left(a.hard().memoryBytes(), a.used().memoryBytes()) <= left(b.hard().memoryBytes(), b.used().memoryBytes());
        boolean podsA = left(a.podsHard(), a.podsUsed()) <= left(b.podsHard(), b.podsUsed());
        return new QuotaHeadroom(
                new ResourceAmounts(cpuA ? a.hard().cpuMillis() : b.hard().cpuMillis(), memA ? a.hard().memoryBytes() : b.hard().memoryBytes()),
                new ResourceAmounts(cpuA ? a.used().cpuMillis() : b.used().cpuMillis(), memA ? a.used().memoryBytes() : b.used().memoryBytes()),
                podsA ? a.podsHard() : b.podsHard(), podsA ? a.podsUsed() : b.podsUsed());
    }

    private static long left(long hard, long used) {
        return hard == QuotaHeadroom.UNLIMITED ? Long.MAX_VALUE : hard - used;
    }

    static QuotaHeadroom headroom(ResourceQuota quota) {
        Map<String, Quantity> hard = quota.getStatus() == null || quota.getStatus().getHard() == null
                ? quota.getSpec() == null || quota.getSpec().getHard() == null ? Map.of() : quota.getSpec().getHard()
                : quota.getStatus().getHard();
        Map<String, Quantity> used = quota.getStatus() == null || quota.getStatus().getUsed() == null ? Map.of()
                : quota.getStatus().getUsed();
        return new QuotaHeadroom(
                new ResourceAmounts(limit(hard, true, "requests.cpu", "cpu"), limit(hard, false, "requests.memory", "memory")),
                new ResourceAmounts(amount(used, true, "requests.cpu", "cpu"), amount(used, false, "requests.memory", "memory")),
                limit(hard, false, "pods", "count/pods"), amount(used, false, "pods", "count/pods"));
    }

    private static long limit(Map<String, Quantity> values, boolean millis, String... keys) {
        for (String key : keys) {
            if (values.containsKey(key)) {
                return convert(values.get(key), millis);
            }
        }
        return QuotaHeadroom.UNLIMITED;
    }

    private static long amount(Map<String, Quantity> values, boolean millis, String... keys) {
        for (String key : keys) {
            if (values.containsKey(key)) {
                return convert(values.get(key), millis);
            }
        }
        return 0;
    }

    private static long convert(Quantity quantity, boolean millis) {
        return millis ? ResourceAmounts.millis(quantity) : ResourceAmounts.bytes(quantity);
    }

    private boolean isAgent(Pod pod) {
        return matches(labels(pod.getMetadata().getLabels()), agentLabels);
    }

    private static boolean isUnschedulable(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus())
                    && "Unschedulable".equals(condition.getReason())) {
                return true;
            }
        }
        return false;
    }

    private static Instant unschedulableSince(Pod pod) {
        if (!isUnschedulable(pod)) {
            return null;
        }
        for (PodCondition condition : pod.getStatus().getConditions()) {
            if ("PodScheduled".equals(condition.getType()) && condition.getLastTransitionTime() != null) {
                try {
                    return Instant.parse(condition.getLastTransitionTime());
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static boolean matches(Map<String, String> labels, Map<String, String> selector) {
        for (Map.Entry<String, String> required : selector.entrySet()) {
            if (!required.getValue().equals(labels.get(required.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> labels(Map<String, String> labels) {
        return labels == null ? Map.of() : Map.copyOf(labels);
    }
}
