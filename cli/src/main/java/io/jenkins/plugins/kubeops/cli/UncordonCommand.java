package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops uncordon NODE...}: gives back the nodes a drain of the same operation cordoned, and only those. */
@Command(name = "uncordon", mixinStandardHelpOptions = true,
        description = {"Make nodes schedulable again that 'kube-ops drain' (same --operation) cordoned. A node cordoned by "
                + "anyone else is reported and left cordoned (use kubectl uncordon if you mean it).",
                "Exit code 1 when a named node does not exist, else 0."})
final class UncordonCommand implements Callable<Integer> {

    static final String DEFAULT_OPERATION = "kube-ops-drain";

    @ParentCommand
    KubeOpsCli root;

    @Mixin
    ConnectionOptions connectionOptions;

    @Parameters(arity = "1..*", paramLabel = "NODE", description = "Nodes to uncordon.")
    List<String> nodes;

    @Option(names = "--operation", paramLabel = "ID", defaultValue = DEFAULT_OPERATION,
            description = "The id the drain marked the nodes with (default: ${DEFAULT-VALUE}).")
    String operation;

    @Override
    public Integer call() {
        CliContext context = root.context;
        ClusterConnection connection = context.connect(connectionOptions);
        boolean allGone = true;
        try (KubernetesClient client = new KubernetesClientFactory(connectionOptions.timeouts()).create(connection)) {
            NodeCordon cordon = new NodeCordon(client, operation);
            for (String node : Drainer.checkNodeNames(nodes)) {
                NodeCordon.Result result = cordon.uncordon(node);
                context.out().println(result.describe());
                allGone &= result.outcome() != NodeCordon.Outcome.GONE;
            }
        }
        return allGone ? 0 : 1;
    }
}
