package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import io.jenkins.plugins.kubeops.engine.pool.PoolValidation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

/**
 * Agent pools in Manage Jenkins » System and in JCasC as {@code unclassified: kubePools: pools: [...]}, plus the switch for
 * least-load scheduling on static agents. Every setter validates the whole list first, so nothing is half-applied.
 */
@Extension
@Symbol("kubePools")
public final class KubePoolsConfiguration extends GlobalConfiguration {

    // Read by provisioning and queue threads, replaced whole by the configuration page and JCasC.
    private volatile List<AgentPool> pools = new ArrayList<>();
    private volatile boolean leastLoadStaticAgents = true;

    public KubePoolsConfiguration() {
        load();
    }

    public static KubePoolsConfiguration get() {
        return ExtensionList.lookupSingleton(KubePoolsConfiguration.class);
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Kube Ops agent pools";
    }

    public List<AgentPool> getPools() {
        return pools == null ? List.of() : List.copyOf(pools);
    }

    /** Also the JCasC entry point: a list the engine rejects is refused whole, with the engine's message. */
    @DataBoundSetter
    public void setPools(List<AgentPool> pools) {
        List<AgentPool> checked = pools == null ? List.of() : List.copyOf(pools);
        Validation validation = validate(checked);
        if (validation.isError()) {
            throw new IllegalArgumentException(validation.message());
        }
        Set<String> before = clouds(getPools());
        this.pools = new ArrayList<>(checked);
        save();
        PoolPlacements.get().poolsChanged(before, clouds(checked));
    }

    /** Whether builds on static (non-cloud) agents go to the least busy agent rather than the consistent-hash one. */
    public boolean isLeastLoadStaticAgents() {
        return leastLoadStaticAgents;
    }

    @DataBoundSetter
    public void setLeastLoadStaticAgents(boolean leastLoadStaticAgents) {
        this.leastLoadStaticAgents = leastLoadStaticAgents;
        save();
    }

    /** The pool serving a label; labels are unique across pools, so there is at most one. */
    public Optional<AgentPool> poolServing(String label) {
        String wanted = label == null ? "" : label.trim();
        return getPools().stream().filter(pool -> pool.labelSet().contains(wanted)).findFirst();
    }

    public Optional<AgentPool> findPool(String name) {
        return getPools().stream().filter(pool -> pool.getName().equals(name)).findFirst();
    }

    /** Every label some pool serves, sorted: for messages that tell the user what exists. */
    public Set<String> getServedLabels() {
        Set<String> labels = new TreeSet<>();
        getPools().forEach(pool -> labels.addAll(pool.labelSet()));
        return labels;
    }

    /**
     * Binds the list explicitly: when the last pool is deleted the form has no "pools" key, and the default binding would
     * then keep the old list (see the documentation of f:repeatableProperty).
     */
    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<AgentPool> submitted = req.bindJSONToList(AgentPool.class, json.get("pools"));
        Validation validation = validate(submitted);
        if (validation.isError()) {
            throw new FormException(validation.message(), "pools");
        }
        setLeastLoadStaticAgents(json.optBoolean("leastLoadStaticAgents", false));
        setPools(submitted);
        return true;
    }

    /** The same checks as the form fields, over the whole list: the first error wins. */
    static Validation validate(List<AgentPool> pools) {
        Validation names = PoolValidation.uniquePoolNames(pools.stream().map(AgentPool::getName).toList());
        if (names.isError()) {
            return names;
        }
        Map<String, Collection<String>> labelsByPool = new LinkedHashMap<>();
        for (AgentPool pool : pools) {
            Validation fields = pool.validate();
            if (fields.isError()) {
                return fields;
            }
            labelsByPool.put(pool.getName(), pool.labelSet());
        }
        return PoolValidation.labelsUniqueAcrossPools(labelsByPool);
    }

    private static Set<String> clouds(List<AgentPool> pools) {
        Set<String> clouds = new TreeSet<>();
        pools.forEach(pool -> pool.getMembers().forEach(member -> clouds.add(member.getCloud())));
        return clouds;
    }
}
