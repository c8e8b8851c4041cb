package io.jenkins.plugins.kubeops.jenkins.pool;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.pool.MemberCaps;
import io.jenkins.plugins.kubeops.engine.pool.MemberState;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.PoolValidation;
import io.jenkins.plugins.kubeops.engine.pool.RoomKeeping;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Configured pools as the engine's {@link Pool} values, and the way back: which member an agent of a cloud belongs to.
 * Call only with a configuration that passed {@link KubePoolsConfiguration#validate}.
 */
final class PoolModels {

    private PoolModels() {
    }

    /** With member namespaces defaulted from the clouds as they are configured now. */
    static Pool toEngine(AgentPool pool) {
        return toEngine(pool, KubernetesClouds::namespaceOf);
    }

    static Pool toEngine(AgentPool pool, Function<String, String> cloudNamespace) {
        List<PoolMember> members = new ArrayList<>();
        for (CloudMember member : pool.getMembers()) {
            members.add(toEngine(member, cloudNamespace));
        }
        return new Pool(pool.getName(), pool.labelSet(), members, pool.getMinIdleAgents());
    }

    /** Every pool with the agent it starts, for the engine's room-keeping rule. */
    static List<RoomKeeping.PoolAgent> poolAgents(List<AgentPool> pools) {
        List<RoomKeeping.PoolAgent> agents = new ArrayList<>();
        for (AgentPool pool : pools) {
            agents.add(new RoomKeeping.PoolAgent(toEngine(pool), pool.agentRequest().resources()));
        }
        return agents;
    }

    static PoolMember toEngine(CloudMember member, Function<String, String> cloudNamespace) {
        String namespace = member.getNamespace().isEmpty() ? cloudNamespace.apply(member.getCloud()) : member.getNamespace();
        Map<String, String> selector = new TreeMap<>(PoolValidation.parseNodeSelector(member.getNodeSelector()));
        MemberCaps caps = new MemberCaps(member.getMaxAgents(), cpuMillis(member.getMaxCpu()), memoryBytes(member.getMaxMemory()));
        return new PoolMember(id(member.getCloud(), namespace, selector), member.getCloud(), namespace, selector, caps,
                member.getPriority(), member.getWeight(), MemberState.valueOf(member.getState().toUpperCase(Locale.ROOT)));
    }

    /** {@code cloud/namespace}, plus the sorted selector terms when there are any: unique within a valid pool. */
    private static String id(String cloud, String namespace, Map<String, String> selector) {
        String terms = String.join(",", selector.entrySet().stream().map(term -> term.getKey() + "=" + term.getValue()).toList());
        return cloud + "/" + namespace + (terms.isEmpty() ? "" : "/" + terms);
    }

    /**
     * The member an agent of {@code cloudName} with {@code nodeLabels} counts towards: the pool must serve one of the agent's
     * labels; among the pool's members of that cloud, the one in the agent's namespace, or the only one.
     */
    static Optional<PoolMember> memberFor(Pool pool, String cloudName, Set<String> nodeLabels, Optional<String> namespace) {
        if (nodeLabels.stream().noneMatch(pool::serves)) {
            return Optional.empty();
        }
        List<PoolMember> ofCloud = pool.members().stream().filter(member -> member.cluster().equals(cloudName)).toList();
        if (ofCloud.size() == 1) {
            return Optional.of(ofCloud.get(0));
        }
        return namespace.flatMap(ns -> ofCloud.stream().filter(member -> member.namespace().equals(ns)).findFirst());
    }

    private static long cpuMillis(String quantity) {
        return quantity.isEmpty() ? 0 : ResourceAmounts.millis(new Quantity(quantity));
    }

    private static long memoryBytes(String quantity) {
        return quantity.isEmpty() ? 0 : ResourceAmounts.bytes(new Quantity(quantity));
    }
}
