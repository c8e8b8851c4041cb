package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.Extension;
import hudson.model.Computer;
import hudson.model.TaskListener;
import hudson.slaves.ComputerListener;
import hudson.slaves.SlaveComputer;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;

/**
 * Feeds the provisioning history: a pool agent that fails to launch (pod not created, not scheduled, container failing,
 * agent not connecting) counts as a failed provision of its member, so the member backs off; one that comes online clears
 * the member's failures. The kubernetes plugin removes a failed agent before core reports the failure, so the member is
 * looked up when the launch starts.
 */
@Extension
public final class PoolAgentListener extends ComputerListener {

    private final Map<String, String> launchingMembers = new ConcurrentHashMap<>();

    @Override
    public void preLaunch(Computer computer, TaskListener listener) {
        memberOf(computer).ifPresent(member -> launchingMembers.put(computer.getName(), member));
    }

    @Override
    public void onLaunchFailure(Computer computer, TaskListener listener) {
        String member = launchingMembers.remove(computer.getName());
        if (member != null) {
            PoolPlacements placements = PoolPlacements.get();
            placements.history().recordFailure(member, placements.now(), "agent " + computer.getName() + " failed to launch"
                    + problem(computer).map(problem -> ": " + problem).orElse(""));
        }
    }

    @Override
    public void onOnline(Computer computer, TaskListener listener) {
        launchingMembers.remove(computer.getName());
        memberOf(computer).ifPresent(member -> PoolPlacements.get().history().recordSuccess(member));
    }

    private static Optional<String> memberOf(Computer computer) {
        return computer.getNode() instanceof KubernetesSlave agent ? PoolAgents.memberId(agent) : Optional.empty();
    }

    /** The launcher's first line about what went wrong; never the pod spec or anything longer. */
    private static Optional<String> problem(Computer computer) {
        if (computer instanceof SlaveComputer agent && agent.getLauncher() instanceof KubernetesLauncher launcher
                && launcher.getProblem() != null && launcher.getProblem().getMessage() != null) {
            return launcher.getProblem().getMessage().lines().findFirst();
        }
        return Optional.empty();
    }
}
