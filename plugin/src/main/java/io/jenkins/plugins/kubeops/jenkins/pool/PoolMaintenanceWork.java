package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.Extension;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.WarmPoolPlanner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesComputer;

/**
 * Every 30 seconds: re-watch clusters whose client was replaced, keep every pool's clusters watched, and keep each pool's
 * warm agents — start idle agents where the engine places them until the pool has its minimum, and retire idle agents of
 * draining members. The plan is the engine's ({@link WarmPoolPlanner}); this only counts agents and carries it out.
 */
@Extension
public final class PoolMaintenanceWork extends AsyncPeriodicWork {

    public PoolMaintenanceWork() {
        super("Kube Ops agent pools");
    }

    @Override
    public long getRecurrencePeriod() {
        return TimeUnit.SECONDS.toMillis(30);
    }

    @Override
    protected void execute(TaskListener listener) {
        PoolPlacements placements = PoolPlacements.get();
        placements.refresh();
        for (AgentPool configured : KubePoolsConfiguration.get().getPools()) {
            try {
                maintain(configured, placements, listener);
            } catch (RuntimeException e) {
                // One pool's trouble (e.g. an unreachable cloud) must not stop the others.
                listener.error("pool " + configured.getName() + ": " + e.getMessage());
            }
        }
    }

    private static void maintain(AgentPool configured, PoolPlacements placements, TaskListener listener) {
        Pool pool = PoolModels.toEngine(configured);
        // Reading the loads also starts watching the pool's clusters, so the first build after a restart finds them listed.
        List<MemberSnapshot> snapshots = placements.snapshots(pool);
        Map<String, List<KubernetesComputer>> idle = PoolAgents.idleByMember(pool);
        Map<String, Integer> idleCounts = new LinkedHashMap<>();
        idle.forEach((member, agents) -> idleCounts.put(member, agents.size()));
        WarmPoolPlanner.Plan plan = WarmPoolPlanner.plan(pool, idleCounts, snapshots, configured.agentRequest(),
                placements.history(), placements.now());
        if (plan.start().isEmpty() && plan.retire().isEmpty()) {
            return;
        }
        listener.getLogger().println(plan.explanation());
        configured.warmLabel().ifPresent(label -> WarmAgents.start(plan.start(), label, configured.agentRequest(), placements,
                listener));
        List<KubernetesComputer> retiring = new ArrayList<>();
        for (PoolMember member : plan.retire()) {
            List<KubernetesComputer> candidates = idle.getOrDefault(member.id(), List.of());
            candidates.stream().filter(agent -> !retiring.contains(agent)).findFirst().ifPresent(retiring::add);
        }
        WarmAgents.retire(retiring, listener);
    }
}
