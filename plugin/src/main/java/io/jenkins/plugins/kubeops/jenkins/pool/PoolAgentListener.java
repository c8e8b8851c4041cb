package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.TaskListener;
import hudson.model.labels.LabelAtom;
import hudson.slaves.ComputerListener;
import hudson.slaves.SlaveComputer;
import io.jenkins.plugins.kubeops.engine.pool.PoolPlacementService;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesLauncher;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;

/**
 * Feeds the provisioning history: a pool agent that fails to launch (pod not created, not scheduled, container failing,
 * agent not connecting) counts as a failed provision of its member, so the member backs off, and its pool labels are
 * reviewed at once, so the waiting builds go to the next member now rather than at the next periodic review. One that comes
 * online clears the member's failures. Either way the agent no longer counts as in flight. The kubernetes plugin removes a
 * failed agent before core reports the failure, so member and labels are looked up when the launch starts.
 */
@Extension
public final class PoolAgentListener extends ComputerListener {

    private record Launching(String member, Set<String> poolLabels) {
    }

    private final Map<String, Launching> launching = new ConcurrentHashMap<>();

    /** How a label's provisioner is asked for a review; tests replace it to see the requests. */
    volatile Consumer<String> review = PoolAgentListener::suggestReview;

    static PoolAgentListener get() {
        return ExtensionList.lookupSingleton(PoolAgentListener.class);
    }

    /**
     * kube-ops removes the agent to place it again elsewhere ({@link UnschedulableAgentMoves}): its launch failure, if
     * reported, only settles it — the member works.
     */
    void moved(String computerName) {
        launching.remove(computerName);
    }

    @Override
    public void preLaunch(Computer computer, TaskListener listener) {
        if (computer.getNode() instanceof KubernetesSlave agent) {
            PoolAgents.memberId(agent).ifPresent(member -> launching.put(computer.getName(),
                    new Launching(member, poolLabels(agent))));
        }
    }

    @Override
    public void onLaunchFailure(Computer computer, TaskListener listener) {
        PoolPlacementService placements = PoolPlacements.get().service();
        Launching agent = launching.remove(computer.getName());
        if (agent == null) {
            placements.settled(computer.getName());
            return;
        }
        placements.agentFailed(computer.getName(), agent.member(), "agent " + computer.getName() + " failed to launch"
                + problem(computer).map(problem -> ": " + problem).orElse(""));
        agent.poolLabels().forEach(review); // after the failure is recorded, so the review skips the member
    }

    @Override
    public void onOnline(Computer computer, TaskListener listener) {
        launching.remove(computer.getName());
        PoolPlacementService placements = PoolPlacements.get().service();
        Optional<String> member = computer.getNode() instanceof KubernetesSlave agent ? PoolAgents.memberId(agent)
                : Optional.empty();
        member.ifPresentOrElse(id -> placements.agentOnline(computer.getName(), id),
                () -> placements.settled(computer.getName()));
    }

    /** The agent's labels that a pool serves: those whose waiting builds the pool strategy provisions. */
    private static Set<String> poolLabels(KubernetesSlave agent) {
        KubePoolsConfiguration pools = KubePoolsConfiguration.get();
        return Label.parse(agent.getLabelString()).stream().map(LabelAtom::getName)
                .filter(label -> pools.poolServing(label).isPresent()).collect(Collectors.toSet());
    }

    /** Core throttles reviews to one a second per label. */
    private static void suggestReview(String labelName) {
        Label label = Jenkins.get().getLabel(labelName);
        if (label != null) {
            label.nodeProvisioner.suggestReviewNow();
        }
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
