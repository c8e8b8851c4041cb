package io.jenkins.plugins.kubeops.jenkins.pool;

import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesComputer;

/**
 * One pool as the load view shows it: plain strings, so the page only lays them out (Jelly calls the accessors, e.g.
 * {@code ${pool.name()}}).
 */
public record PoolLoadReport(String name, String labels, String explanation, List<Row> rows) {

    public PoolLoadReport {
        rows = List.copyOf(rows);
    }

    /** One member's line; {@code rank} is empty for members that cannot take the agent, which come last. */
    public record Row(int order, String rank, String member, String state, String agents, String cpu, String memory,
                      int idleAgents, String reason) {
    }

    /** Ranks the members for one agent of the pool's size, with no job (so no affinity is recorded). */
    static PoolLoadReport of(AgentPool configured, PoolPlacements placements) {
        Pool pool = PoolModels.toEngine(configured);
        List<MemberSnapshot> snapshots = placements.snapshots(pool);
        Placement placement = placements.place(pool, configured.agentRequest());
        Map<String, List<KubernetesComputer>> idle = PoolAgents.idleByMember(pool);
        List<Row> rows = new ArrayList<>();
        for (MemberSnapshot snapshot : snapshots) {
            PoolMember member = snapshot.member();
            int order = rank(placement, member);
            rows.add(new Row(order, order == Integer.MAX_VALUE ? "" : Integer.toString(order), member.id(),
                    member.state().name().toLowerCase(Locale.ROOT), agents(snapshot.load()), share(snapshot.load(), true),
                    share(snapshot.load(), false), idle.getOrDefault(member.id(), List.of()).size(), reason(placement, member)));
        }
        rows.sort(Comparator.comparingInt(Row::order)); // stable: unranked members keep the pool's order
        return new PoolLoadReport(configured.getName(), configured.getLabels(), placement.explanation(), rows);
    }

    private static int rank(Placement placement, PoolMember member) {
        for (int i = 0; i < placement.candidates().size(); i++) {
            if (placement.candidates().get(i).member().id().equals(member.id())) {
                return i + 1;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static String reason(Placement placement, PoolMember member) {
        for (Placement.Candidate candidate : placement.candidates()) {
            if (candidate.member().id().equals(member.id())) {
                return Math.round(candidate.freeShare() * 100) + "% " + candidate.bindingResource() + " free with the agent"
                        + (member.priority() > 0 ? " (priority " + member.priority() + ")" : "");
            }
        }
        for (Placement.Rejection rejection : placement.rejections()) {
            if (rejection.member().id().equals(member.id())) {
                return rejection.reason();
            }
        }
        return "";
    }

    private static String agents(MemberLoad load) {
        if (!load.reachable()) {
            return "unreachable";
        }
        return load.runningAgents() + " running, " + load.pendingAgents() + " pending"
                + (load.unschedulableAgents() > 0 ? " (" + load.unschedulableAgents() + " unschedulable)" : "");
    }

    /** Requested (including pending agents) of allocatable, on the nodes the member's agents may use. */
    private static String share(MemberLoad load, boolean cpu) {
        if (!load.reachable()) {
            return "";
        }
        long requested = cpu ? load.requested().plus(load.pendingRequests()).cpuMillis()
                : load.requested().plus(load.pendingRequests()).memoryBytes();
        long allocatable = cpu ? load.allocatable().cpuMillis() : load.allocatable().memoryBytes();
        double unit = cpu ? 1000.0 : 1024.0 * 1024 * 1024;
        String suffix = cpu ? "" : "Gi";
        String percent = allocatable == 0 ? "-" : Math.round(100.0 * requested / allocatable) + "%";
        return String.format(Locale.ROOT, "%s (%.1f%s of %.1f%s)", percent, requested / unit, suffix, allocatable / unit, suffix);
    }
}
