package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Job;
import hudson.model.LoadBalancer;
import hudson.model.Queue;
import hudson.model.queue.MappingWorksheet;
import hudson.model.queue.MappingWorksheet.ExecutorChunk;
import hudson.model.queue.MappingWorksheet.Mapping;
import hudson.slaves.AbstractCloudSlave;
import hudson.util.ConsistentHash;
import io.jenkins.plugins.kubeops.engine.pool.LeastLoadedExecutors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;

/**
 * Builds on static agents with several executors go to the least busy agent; among equally busy agents the consistent-hash
 * order of core's default balancer is kept, so a job still tends to return to its workspace ({@link LeastLoadedExecutors}).
 * Everything else goes to the balancer installed before: tasks that may run on a cloud agent (one build per pod, nothing
 * to balance), jobs with {@link ConsistentHashSchedulingProperty}, and all tasks when the switch in the pools configuration
 * is off.
 */
public final class LeastLoadBalancer extends LoadBalancer {

    private final LoadBalancer fallback;

    LeastLoadBalancer(LoadBalancer fallback) {
        this.fallback = fallback;
    }

    /**
     * Wraps whatever balancer is installed once jobs are loaded (core's consistent hash, or another plugin's). Public, with
     * its class, because core invokes initializers by reflection without making them accessible.
     */
    @Initializer(after = InitMilestone.JOB_CONFIG_ADAPTED)
    public static void install() {
        Queue queue = Jenkins.get().getQueue();
        queue.setLoadBalancer(new LeastLoadBalancer(queue.getLoadBalancer()));
    }

    @CheckForNull
    @Override
    public Mapping map(@NonNull Queue.Task task, MappingWorksheet worksheet) {
        if (!KubePoolsConfiguration.get().isLeastLoadStaticAgents() || optedOut(task) || !onlyStaticAgents(worksheet)) {
            return fallback.map(task, worksheet);
        }
        Mapping mapping = worksheet.new Mapping();
        return assign(mapping, affinityKey(task), 0) ? mapping : null;
    }

    /** Work chunk by work chunk, each trying its candidates least busy first; backtracks as core's balancer does. */
    private static boolean assign(Mapping mapping, String key, int work) {
        if (work == mapping.size()) {
            return mapping.isCompletelyValid();
        }
        for (ExecutorChunk candidate : leastBusyFirst(mapping.get(work).applicableExecutorChunks(), key + (work > 0 ? work : ""))) {
            mapping.assign(work, candidate);
            if (mapping.isPartiallyValid() && assign(mapping, key, work + 1)) {
                return true;
            }
        }
        mapping.assign(work, null);
        return false;
    }

    private static List<ExecutorChunk> leastBusyFirst(List<ExecutorChunk> chunks, String key) {
        ConsistentHash<ExecutorChunk> hash = new ConsistentHash<>(ExecutorChunk::getName);
        Map<ExecutorChunk, Integer> weights = new HashMap<>();
        chunks.forEach(chunk -> weights.put(chunk, chunk.size() * 100));
        hash.addAll(weights);
        Map<String, ExecutorChunk> byName = new HashMap<>();
        List<LeastLoadedExecutors.AgentLoad> inHashOrder = new ArrayList<>();
        for (ExecutorChunk chunk : hash.list(key)) {
            byName.put(chunk.getName(), chunk);
            inHashOrder.add(new LeastLoadedExecutors.AgentLoad(chunk.getName(), chunk.computer.countBusy(),
                    chunk.computer.countExecutors()));
        }
        return LeastLoadedExecutors.order(inHashOrder).stream().map(byName::get).toList();
    }

    private static String affinityKey(Queue.Task task) {
        try {
            return task.getAffinityKey();
        } catch (RuntimeException e) {
            return task.getFullDisplayName(); // what core's balancer falls back to
        }
    }

    private static boolean optedOut(Queue.Task task) {
        return task.getOwnerTask() instanceof Job<?, ?> job && job.getProperty(ConsistentHashSchedulingProperty.class) != null;
    }

    /** The agents this task could use now are all static (the worksheet also lists idle agents it cannot use). */
    private static boolean onlyStaticAgents(MappingWorksheet worksheet) {
        return worksheet.works.stream().flatMap(work -> work.applicableExecutorChunks().stream())
                .noneMatch(chunk -> chunk.node instanceof AbstractCloudSlave);
    }
}
