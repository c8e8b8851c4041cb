package io.jenkins.plugins.kubeops.engine.pool;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * For static agents with several executors: which agent a build should use. Jenkins' default load balancer hashes the job
 * name onto the agents, so one job keeps hitting the same busy agent while others idle. Here the agent with the smallest
 * busy share goes first; agents equally busy keep the consistent-hash order they came in, so a job still tends to return
 * to the same agent (and its workspace) when loads are even. Pure.
 */
public final class LeastLoadedExecutors {

    /**
     * @param busyExecutors executors running a build now
     * @param executors     all executors of the agent (online ones)
     */
    public record AgentLoad(String agent, int busyExecutors, int executors) {
        double busyShare() {
            return executors == 0 ? 1 : (double) busyExecutors / executors;
        }
    }

    private LeastLoadedExecutors() {
    }

    /** Candidates (given in consistent-hash order) ordered least busy first; ties keep the given order. */
    public static List<String> order(List<AgentLoad> candidatesInHashOrder) {
        List<AgentLoad> sorted = new ArrayList<>(candidatesInHashOrder);
        sorted.sort(Comparator.comparingDouble(AgentLoad::busyShare)); // List.sort is stable
        return sorted.stream().map(AgentLoad::agent).toList();
    }
}
