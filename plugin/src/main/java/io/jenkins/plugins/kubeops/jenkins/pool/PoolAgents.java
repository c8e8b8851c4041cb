package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.model.Computer;
import hudson.model.Label;
import hudson.model.labels.LabelAtom;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import jenkins.model.Jenkins;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesComputer;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;
import org.csanchez.jenkins.plugins.kubernetes.PodTemplate;

/** Which pool member a kubernetes plugin agent belongs to, and the idle agents of each member. */
final class PoolAgents {

    private PoolAgents() {
    }

    /** The id of the member an agent counts towards, in the first pool that serves one of its labels. */
    static Optional<String> memberId(KubernetesSlave agent) {
        for (AgentPool pool : KubePoolsConfiguration.get().getPools()) {
            Optional<PoolMember> member = memberOf(agent, PoolModels.toEngine(pool));
            if (member.isPresent()) {
                return member.map(PoolMember::id);
            }
        }
        return Optional.empty();
    }

    static Optional<PoolMember> memberOf(KubernetesSlave agent, Pool pool) {
        Set<String> labels = Label.parse(agent.getLabelString()).stream().map(LabelAtom::getName).collect(Collectors.toSet());
        return PoolModels.memberFor(pool, agent.getCloudName(), labels, namespace(agent));
    }

    /** The agent's pod namespace: known once launched; before that the template's, else the cloud's. */
    private static Optional<String> namespace(KubernetesSlave agent) {
        if (agent.getNamespace() != null) {
            return Optional.of(agent.getNamespace());
        }
        PodTemplate template = agent.getTemplateOrNull();
        if (template != null && template.getNamespace() != null && !template.getNamespace().isBlank()) {
            return Optional.of(template.getNamespace());
        }
        return Optional.of(KubernetesClouds.namespaceOf(agent.getCloudName()));
    }

    /**
     * Per member id, the pool's agents that run no build and are connected (and accepting builds) or still connecting:
     * the warm agents, and those about to be.
     */
    static Map<String, List<KubernetesComputer>> idleByMember(Pool pool) {
        Map<String, List<KubernetesComputer>> idle = new LinkedHashMap<>();
        for (Computer computer : Jenkins.get().getComputers()) {
            if (!(computer instanceof KubernetesComputer agent) || agent.getNode() == null || !agent.isIdle()) {
                continue;
            }
            boolean available = agent.isConnecting() || (agent.isOnline() && agent.isAcceptingTasks());
            if (available) {
                memberOf(agent.getNode(), pool)
                        .ifPresent(member -> idle.computeIfAbsent(member.id(), id -> new ArrayList<>()).add(agent));
            }
        }
        return idle;
    }
}
