package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.util.ArrayList;
import java.util.List;

/**
 * One simulated cluster: nodes, the pods bound to them, the pods still pending, and a scheduler that works like
 * kube-scheduler's defaults for this purpose — a pod goes to the fitting node with the most room left (LeastAllocated), a pod
 * that fits nowhere is marked Unschedulable and tried again, oldest first, whenever a pod leaves.
 */
final class SimCluster {

    /** What the farm hears from the cluster. */
    interface Listener {
        void podBound(SimPod pod);

        /** A bound pod left, so a node has more room. */
        void roomFreed();
    }

    final ClusterSpec spec;
    final int index;
    private final long[] allocatableCpu;
    private final long[] allocatableMemory;
    private final long[] freeCpu;
    private final long[] freeMemory;
    private final List<SimPod> pending = new ArrayList<>();
    private final List<SimPod> agentPods = new ArrayList<>();
    private final Listener listener;
    private final Utilization utilization;
    private long agentCpu;
    private long totalCpu;

    SimCluster(ClusterSpec spec, int index, Listener listener, long utilizationEndMillis) {
        this.spec = spec;
        this.index = index;
        this.listener = listener;
        int nodes = spec.nodeCount();
        allocatableCpu = new long[nodes];
        allocatableMemory = new long[nodes];
        int n = 0;
        for (ClusterSpec.NodeGroup group : spec.nodeGroups()) {
            for (int i = 0; i < group.count(); i++, n++) {
                allocatableCpu[n] = group.allocatable().cpuMillis();
                allocatableMemory[n] = group.allocatable().memoryBytes();
            }
        }
        freeCpu = allocatableCpu.clone();
        freeMemory = allocatableMemory.clone();
        utilization = new Utilization(spec.allocatable().cpuMillis(), utilizationEndMillis);
    }

    String name() {
        return spec.name();
    }

    /** A pod the API server accepted: it is bound at once if some node has room, else it stays pending (Unschedulable). */
    void add(SimPod pod, long now) {
        if (pod.agent != null) {
            agentPods.add(pod);
        }
        if (!bind(pod, now)) {
            pod.unschedulable = true;
            pending.add(pod);
        }
    }

    /** A pod deleted: its room goes back to its node and the pending pods are tried again, oldest first. */
    void remove(SimPod pod, long now) {
        if (pod.agent != null) {
            agentPods.remove(pod);
        }
        if (!pod.bound()) {
            pending.remove(pod);
            return;
        }
        freeCpu[pod.node] += pod.requests.cpuMillis();
        freeMemory[pod.node] += pod.requests.memoryBytes();
        account(pod, -1, now);
        pod.node = -1;
        for (SimPod waiting : new ArrayList<>(pending)) {
            if (bind(waiting, now)) {
                pending.remove(waiting);
            }
        }
        listener.roomFreed();
    }

    private boolean bind(SimPod pod, long now) {
        int node = bestNode(freeCpu, freeMemory, pod.requests);
        if (node < 0) {
            return false;
        }
        freeCpu[node] -= pod.requests.cpuMillis();
        freeMemory[node] -= pod.requests.memoryBytes();
        pod.node = node;
        pod.unschedulable = false;
        account(pod, +1, now);
        listener.podBound(pod);
        return true;
    }

    private void account(SimPod pod, int sign, long now) {
        utilization.advance(now, agentCpu, totalCpu);
        totalCpu += sign * pod.requests.cpuMillis();
        if (pod.agent != null) {
            agentCpu += sign * pod.requests.cpuMillis();
        }
    }

    /** LeastAllocated: the fitting node with the largest mean free share after the pod is added; -1 when none fits. */
    private int bestNode(long[] cpu, long[] memory, ResourceAmounts request) {
        int best = -1;
        double bestScore = -1;
        for (int n = 0; n < cpu.length; n++) {
            if (cpu[n] >= request.cpuMillis() && memory[n] >= request.memoryBytes()) {
                double score = (double) (cpu[n] - request.cpuMillis()) / allocatableCpu[n]
                        + (double) (memory[n] - request.memoryBytes()) / allocatableMemory[n];
                if (score > bestScore) {
                    best = n;
                    bestScore = score;
                }
            }
        }
        return best;
    }

    /**
     * Whether a pod of {@code request} would be bound now, after the agent pods already on their way to this cluster
     * ({@code ahead}, in order) have been bound — the truth the greedy oracle sees, and the test for "provisioned into a
     * full member".
     */
    boolean wouldFit(ResourceAmounts request, List<ResourceAmounts> ahead) {
        long[] cpu = freeCpu.clone();
        long[] memory = freeMemory.clone();
        for (ResourceAmounts earlier : ahead) {
            int node = bestNode(cpu, memory, earlier);
            if (node >= 0) {
                cpu[node] -= earlier.cpuMillis();
                memory[node] -= earlier.memoryBytes();
            }
        }
        return bestNode(cpu, memory, request) >= 0;
    }

    /** The most free share any fitting placement of {@code request} leaves on the whole cluster (for the greedy oracle's choice). */
    double freeShareAfter(ResourceAmounts request) {
        ResourceAmounts allocatable = spec.allocatable();
        double cpu = (double) (allocatable.cpuMillis() - requested().cpuMillis() - request.cpuMillis()) / allocatable.cpuMillis();
        double memory = (double) (allocatable.memoryBytes() - requested().memoryBytes() - request.memoryBytes())
                / allocatable.memoryBytes();
        return Math.min(cpu, memory);
    }

    ResourceAmounts requested() {
        long cpu = 0;
        long memory = 0;
        for (int n = 0; n < freeCpu.length; n++) {
            cpu += allocatableCpu[n] - freeCpu[n];
            memory += allocatableMemory[n] - freeMemory[n];
        }
        return new ResourceAmounts(cpu, memory);
    }

    /** Per node allocatable minus requested, as an informer-fed cache would report it. */
    List<ResourceAmounts> nodeFree() {
        List<ResourceAmounts> free = new ArrayList<>(freeCpu.length);
        for (int n = 0; n < freeCpu.length; n++) {
            free.add(new ResourceAmounts(freeCpu[n], freeMemory[n]));
        }
        return free;
    }

    List<SimPod> agentPods() {
        return agentPods;
    }

    /** Agents' and all pods' requested CPU as time-averaged shares of allocatable CPU, up to the utilization window's end. */
    CpuShares utilization(long now) {
        utilization.advance(now, agentCpu, totalCpu);
        return utilization.result();
    }

    record CpuShares(double agentCpuShare, double totalCpuShare) {
    }

    /** Integrates requested CPU over time. */
    private static final class Utilization {
        private final long allocatableCpu;
        private final long endMillis;
        private long last;
        private double agentArea;
        private double totalArea;

        Utilization(long allocatableCpu, long endMillis) {
            this.allocatableCpu = allocatableCpu;
            this.endMillis = endMillis;
        }

        void advance(long now, long agentCpu, long totalCpu) {
            long until = Math.min(now, endMillis);
            if (until > last) {
                agentArea += (double) agentCpu * (until - last);
                totalArea += (double) totalCpu * (until - last);
                last = until;
            }
        }

        CpuShares result() {
            double denominator = (double) allocatableCpu * Math.max(1, endMillis);
            return new CpuShares(agentArea / denominator, totalArea / denominator);
        }
    }
}
