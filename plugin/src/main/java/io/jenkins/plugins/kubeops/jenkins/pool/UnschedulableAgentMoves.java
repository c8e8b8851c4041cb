package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Computer;
import hudson.model.Label;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.UnschedulableAgents;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesComputer;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;

/**
 * Removes a pool label's connecting agents whose pods have stayed Unschedulable for {@link UnschedulableAgents#GRACE} while
 * another member can take them now (the engine decides: {@code PoolPlacementService.moveElsewhere}), so the provisioning
 * round that follows plans their builds' agents again. The kubernetes plugin would otherwise wait for its connect timeout
 * with the build counted as covered. The removal is not a failed provision: {@link PoolAgentListener} forgets the agent
 * first, so its launch failure settles it instead of backing the member off. The agent is terminated (its pod deleted) on a
 * remoting thread, not under NodeProvisioner's lock; until then it is not counted again.
 */
final class UnschedulableAgentMoves {

    private static final Logger LOGGER = Logger.getLogger(UnschedulableAgentMoves.class.getName());

    /** Agents being terminated after a move: still connecting for Jenkins, already replaced. */
    private static final Set<String> MOVING = ConcurrentHashMap.newKeySet();

    private UnschedulableAgentMoves() {
    }

    /** Removes the label's stuck agents that have a better place now; returns how many it removed. */
    static int move(Pool pool, Label label, AgentRequest request, PoolPlacements placements) {
        int moved = 0;
        for (Computer computer : Jenkins.get().getComputers()) {
            if (!(computer instanceof KubernetesComputer agent) || !agent.isConnecting()) {
                continue;
            }
            KubernetesSlave node = agent.getNode();
            if (node == null || MOVING.contains(node.getNodeName()) || !label.matches(node)) {
                continue;
            }
            Optional<PoolMember> member = PoolAgents.memberOf(node, pool);
            if (member.isEmpty() || !placements.moveElsewhere(pool, request, member.get(), node.getPodName())) {
                continue;
            }
            String name = node.getNodeName();
            MOVING.add(name);
            PoolAgentListener.get().moved(computer.getName());
            LOGGER.log(Level.INFO, "Kube Ops: removing agent {0}: its pod stayed Unschedulable on {1} while another member has "
                    + "room; its build gets a new agent", new Object[] {name, member.get().id()});
            Computer.threadPoolForRemoting.submit(() -> terminate(node));
            moved++;
        }
        return moved;
    }

    private static void terminate(KubernetesSlave node) {
        try {
            node.terminate(); // the kubernetes plugin deletes the pod, then Jenkins forgets the node
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Kube Ops: could not remove Unschedulable agent " + node.getNodeName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            MOVING.remove(node.getNodeName());
        }
    }
}
