package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code kubeUncordon(cluster: 'prod-eu', nodes: ['worker-1'])}: uncordons the nodes this build's {@code kubeDrain} (or
 * the given {@code operation}) cordoned; a node someone else cordoned is reported and stays cordoned. Returns one entry
 * per node: {@code [node, outcome, changed, holder]}.
 */
public final class KubeUncordonStep extends NodeStep {

    @DataBoundConstructor
    public KubeUncordonStep(String cluster, List<String> nodes) {
        super(cluster, nodes);
    }

    @Override
    List<Map<String, Object>> work(Drainer drainer, Progress progress) {
        List<Map<String, Object>> results = new ArrayList<>();
        for (NodeCordon.Result result : drainer.uncordon(getNodes(), progress)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node", result.node());
            entry.put("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
            entry.put("changed", result.changed());
            entry.put("holder", result.holder() == null ? "" : result.holder());
            results.add(entry);
        }
        return results;
    }

    @Extension
    public static final class DescriptorImpl extends NodeStepDescriptor {

        @Override
        public String getFunctionName() {
            return "kubeUncordon";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Kube Ops: uncordon the nodes this build cordoned";
        }
    }
}
