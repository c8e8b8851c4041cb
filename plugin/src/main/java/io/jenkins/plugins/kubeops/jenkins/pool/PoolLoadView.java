package io.jenkins.plugins.kubeops.jenkins.pool;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerProxy;

/**
 * Manage Jenkins » Kube Ops agent pools: each pool's members with their live load, their rank for one agent of the pool's
 * size and the reason, and the clusters that cannot be read. Needs Overall/SystemRead (Administer when that is off).
 */
@Extension
public final class PoolLoadView extends ManagementLink implements StaplerProxy {

    @Override
    public String getIconFileName() {
        return "symbol-analytics";
    }

    @Override
    public String getUrlName() {
        return "kube-ops-pools";
    }

    @NonNull
    @Override
    public String getDisplayName() {
        return "Kube Ops agent pools";
    }

    @Override
    public String getDescription() {
        return "Live load of each pool member, its rank for the next agent and why.";
    }

    @NonNull
    @Override
    public Permission getRequiredPermission() {
        return Jenkins.SYSTEM_READ;
    }

    @NonNull
    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /** The link only hides itself from others; the page checks on every request. */
    @Override
    public Object getTarget() {
        Jenkins.get().checkPermission(Jenkins.SYSTEM_READ);
        return this;
    }

    public List<PoolLoadReport> getPools() {
        List<PoolLoadReport> reports = new ArrayList<>();
        PoolPlacements placements = PoolPlacements.get();
        for (AgentPool pool : KubePoolsConfiguration.get().getPools()) {
            reports.add(PoolLoadReport.of(pool, placements));
        }
        return reports;
    }

    /** Why clusters cannot be read, by cloud name. */
    public Map<String, String> getProblems() {
        return PoolPlacements.get().problems();
    }
}
