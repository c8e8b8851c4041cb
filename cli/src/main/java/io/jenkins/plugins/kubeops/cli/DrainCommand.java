package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainReport;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops drain NODE...}: kubectl drain's rules, all nodes side by side, a deadline per node. */
@Command(name = "drain", mixinStandardHelpOptions = true,
        description = {"Cordon the nodes and evict their pods through the Eviction API, respecting PodDisruptionBudgets, "
                + "all nodes side by side. Refusals are retried with back-off and their reason printed.",
                "Exit code 0 when every node is drained (or skipped with --on-timeout skip), 1 otherwise."})
final class DrainCommand implements Callable<Integer> {

    @ParentCommand
    KubeOpsCli root;

    @Mixin
    ConnectionOptions connectionOptions;

    @Parameters(arity = "1..*", paramLabel = "NODE", description = "Nodes to drain.")
    List<String> nodes;

    @Mixin
    DrainPodOptions pods;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Per node, e.g. 90s, 10m (default: ${DEFAULT-VALUE}); then --on-timeout applies.")
    String timeout;

    @Option(names = "--on-timeout", paramLabel = "POLICY", defaultValue = "fail",
            description = "fail (default): stop, the node stays cordoned; skip: leave that node (uncordoned again if this "
                    + "drain cordoned it) and go on; force: delete the pods left, ignoring their budgets.")
    String onTimeout;

    @Option(names = "--skip-wait-for-delete-timeout", paramLabel = "SECONDS", defaultValue = "0",
            description = "Do not wait for pods whose deletion is overdue by more than this (0, default: always wait).")
    String skipWaitForDeleteTimeout;

    @Option(names = "--operation", paramLabel = "ID", defaultValue = UncordonCommand.DEFAULT_OPERATION,
            description = "Marks the nodes this drain cordons (annotation kube-ops.io/cordoned-by); 'kube-ops uncordon' with "
                    + "the same id gives them back (default: ${DEFAULT-VALUE}).")
    String operation;

    @Override
    public Integer call() {
        CliContext context = root.context;
        DrainOptions options = pods.applyTo(DrainOptions.defaults())
                .withTimeout(DrainOptions.parseTimeout(timeout), DrainOptions.OnTimeout.parse(onTimeout))
                .withSkipWaitForDeleteTimeout(DrainOptions.parseSkipWaitForDeleteTimeout(skipWaitForDeleteTimeout));
        ClusterConnection connection = context.connect(connectionOptions);
        DrainReport report;
        try (KubernetesClient client = new KubernetesClientFactory(connectionOptions.timeouts()).create(connection);
             Drainer drainer = new Drainer(client, Clock.systemUTC(), operation)) {
            report = drainer.drain(nodes, options, context.err()::println);
            // A skipped node is left as it was found: the cordon this drain added goes again.
            for (DrainReport.NodeResult skipped : report.withOutcome(DrainReport.Outcome.SKIPPED)) {
                if (skipped.cordonedByUs()) {
                    context.err().println(drainer.cordon().uncordon(skipped.node()).describe() + " (skipped)");
                }
            }
        }
        report.nodes().forEach(node -> context.out().println(node.describe()));
        boolean ok = report.nodes().stream().allMatch(node -> node.outcome().drained()
                || node.outcome() == DrainReport.Outcome.SKIPPED);
        return ok ? 0 : 1;
    }
}
