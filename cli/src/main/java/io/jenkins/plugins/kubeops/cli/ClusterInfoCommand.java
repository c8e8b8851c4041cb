package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterInfoGateway;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSummary;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops cluster info}: version, nodes and how much of the cluster's CPU and memory is requested. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Server version, node count, Ready nodes, allocatable vs requested CPU and memory.")
final class ClusterInfoCommand implements Callable<Integer> {

    enum Output { text, json }

    @ParentCommand
    ClusterCommand parent;

    @Mixin
    ConnectionOptions connectionOptions;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    Output output;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        ClusterConnection connection = context.connect(connectionOptions);
        ClusterSummary summary;
        try (KubernetesClient client = new KubernetesClientFactory(connectionOptions.timeouts()).create(connection)) {
            summary = new ClusterInfoGateway(client, connection.describe()).summary();
        }
        if (output == Output.json) {
            context.out().println(Serialization.asJson(asMap(connection, summary)));
        } else {
            printText(context.out(), connection, summary);
        }
        return 0;
    }

    static void printText(PrintWriter out, ClusterConnection connection, ClusterSummary summary) {
        out.printf("Cluster:  %s%n", connection.describe());
        out.printf("Version:  %s%n", summary.serverVersion());
        out.printf("Nodes:    %d (%d Ready)%n", summary.nodes(), summary.readyNodes());
        out.printf("Pods:     %d scheduled, %d pending%n", summary.scheduledPods(), summary.pendingPods());
        out.printf(Locale.ROOT, "CPU:      %s of %s cores requested (%.1f%%)%n", Units.cores(summary.requested().cpuMillis()),
                Units.cores(summary.allocatable().cpuMillis()), 100 * summary.cpuShare());
        out.printf(Locale.ROOT, "Memory:   %s of %s requested (%.1f%%)%n", Units.bytes(summary.requested().memoryBytes()),
                Units.bytes(summary.allocatable().memoryBytes()), 100 * summary.memoryShare());
    }

    static Map<String, Object> asMap(ClusterConnection connection, ClusterSummary summary) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cluster", connection.describe());
        map.putAll(summary.toMap());
        return map;
    }
}
