package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import io.jenkins.plugins.kubeops.engine.deploy.MultiClusterDeploy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How deploy and rollback report: one summary line per cluster (text) or a JSON document; exit 1 if any cluster failed. */
final class DeployOutput {

    private DeployOutput() {
    }

    static int print(CliContext context, DeployFlags flags, List<MultiClusterDeploy.ClusterOutcome> outcomes) {
        if (flags.output == DeployFlags.Output.json) {
            List<Map<String, Object>> json = new ArrayList<>();
            for (MultiClusterDeploy.ClusterOutcome outcome : outcomes) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("cluster", outcome.cluster().isEmpty() ? "(current context)" : outcome.cluster());
                if (outcome.result() != null) {
                    entry.putAll(outcome.result().toMap());
                } else {
                    entry.put("status", outcome.skipped() ? "skipped" : "error");
                    entry.put("error", outcome.error());
                }
                json.add(entry);
            }
            context.out().println(Serialization.asJson(outcomes.size() == 1 ? json.get(0) : json));
        } else {
            for (MultiClusterDeploy.ClusterOutcome outcome : outcomes) {
                String where = outcome.cluster().isEmpty() ? "" : outcome.cluster() + ": ";
                if (outcome.skipped()) {
                    context.out().println(where + "skipped (an earlier cluster failed)");
                } else if (outcome.result() == null) {
                    context.out().println(where + "error: " + outcome.error());
                } else {
                    DeployResult result = outcome.result();
                    context.out().println(where + "release " + result.release() + " revision " + result.revision() + ": "
                            + result.outcome().name().toLowerCase(java.util.Locale.ROOT)
                            + (result.rolledBackTo() > 0 ? " (rolled back to revision " + result.rolledBackTo() + ")" : ""));
                    result.evidence().forEach(line -> context.out().println(where + "  " + line));
                }
            }
        }
        return outcomes.stream().allMatch(MultiClusterDeploy.ClusterOutcome::succeeded) ? 0 : 1;
    }
}
