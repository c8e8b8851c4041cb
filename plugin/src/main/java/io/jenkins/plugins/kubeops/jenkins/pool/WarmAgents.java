package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Label;
import hudson.model.Node;
import hudson.model.Queue;
import hudson.model.TaskListener;
import hudson.model.queue.CauseOfBlockage;
import hudson.slaves.Cloud;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import jenkins.model.Jenkins;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesComputer;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;

/**
 * Starts and retires warm agents. Starting follows what core's NodeProvisioner does with planned nodes: wait for the
 * node, add it to Jenkins, tell the {@code CloudProvisioningListener}s; a failure counts against the member. Retiring
 * claims an idle agent under the queue lock (so no build is handed to it meanwhile), then terminates it, pod included.
 */
final class WarmAgents {

    /** The kubernetes plugin's planned nodes are complete at once; other clouds get this long. */
    private static final long NODE_TIMEOUT_SECONDS = 60;

    private WarmAgents() {
    }

    static void start(List<PoolMember> members, String label, AgentRequest request, PoolPlacements placements,
                      TaskListener listener) {
        Map<PoolMember, Integer> agentsPerMember = new LinkedHashMap<>();
        members.forEach(member -> agentsPerMember.merge(member, 1, Integer::sum));
        Label jenkinsLabel = Jenkins.get().getLabel(label);
        agentsPerMember.forEach((member, agents) -> {
            Cloud cloud = Jenkins.get().getCloud(member.cluster());
            Cloud.CloudState state = new Cloud.CloudState(jenkinsLabel, 0);
            if (cloud == null || !cloud.canProvision(state)) {
                listener.getLogger().println(member.id() + ": cloud " + member.cluster() + " is missing or has no pod template"
                        + " for label " + label + "; no warm agent started there");
                return;
            }
            CauseOfBlockage blocked = ProvisioningEvents.blocked(cloud, state, agents);
            if (blocked != null) {
                listener.getLogger().println(member.id() + ": no warm agent started: " + blocked.getShortDescription());
                return;
            }
            Collection<PlannedNode> planned;
            try {
                planned = cloud.provision(state, KubernetesClouds.workloadFor(cloud, jenkinsLabel, agents));
            } catch (RuntimeException e) {
                fail(member, placements, listener, e);
                return;
            }
            ProvisioningEvents.started(cloud, jenkinsLabel, planned);
            placements.planned(member, request, planned);
            planned.forEach(node -> add(node, member, placements, listener));
        });
    }

    private static void add(PlannedNode planned, PoolMember member, PoolPlacements placements, TaskListener listener) {
        try {
            Node node = planned.future.get(NODE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (node == null) {
                return;
            }
            ProvisioningEvents.completed(planned, node);
            try {
                Jenkins.get().addNode(node);
                ProvisioningEvents.committed(planned, node);
                listener.getLogger().println(member.id() + ": started warm agent " + node.getNodeName());
            } catch (IOException e) {
                ProvisioningEvents.rolledBack(planned, node, e);
                fail(member, placements, listener, e);
            }
        } catch (ExecutionException e) {
            ProvisioningEvents.failed(planned, e.getCause());
            fail(member, placements, listener, e.getCause());
        } catch (TimeoutException e) {
            planned.future.cancel(true);
            ProvisioningEvents.failed(planned, e);
            fail(member, placements, listener, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            planned.spent();
        }
    }

    private static void fail(PoolMember member, PoolPlacements placements, TaskListener listener, Throwable error) {
        String message = error.getClass().getSimpleName() + ": " + error.getMessage();
        placements.history().recordFailure(member.id(), placements.now(), message);
        listener.error(member.id() + ": warm agent not started: " + message);
    }

    static void retire(List<KubernetesComputer> agents, TaskListener listener) {
        for (KubernetesComputer agent : agents) {
            AtomicBoolean claimed = new AtomicBoolean();
            Queue.withLock(() -> {
                if (agent.isIdle() && agent.isAcceptingTasks()) {
                    agent.setAcceptingTasks(false);
                    claimed.set(true);
                }
            });
            KubernetesSlave node = agent.getNode();
            if (!claimed.get() || node == null) {
                continue;
            }
            try {
                node.terminate();
                listener.getLogger().println("retired idle agent " + node.getNodeName() + " of a draining member");
            } catch (IOException e) {
                listener.error("could not retire agent " + node.getNodeName() + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
