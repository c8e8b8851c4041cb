package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployService;
import io.jenkins.plugins.kubeops.engine.deploy.MultiClusterDeploy;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code kube-ops deploy}: render, plan, apply, prune, wait, record — to one cluster or several. */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Deploy a release: values checked against its schema, templates rendered, server-side apply, prune, rollout wait, history.")
final class DeployCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    KubeOpsCli root;

    @Mixin
    ConnectionOptions connectionOptions;

    @Mixin
    DeployFlags flags;

    @Parameters(index = "0", paramLabel = "RELEASE", description = "Release name.")
    String release;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--templates", paramLabel = "DIR", description = "Template directory (templates/, values.yaml, values.schema.json).")
        Path templates;

        @Option(names = {"-f", "--file"}, paramLabel = "PATH", description = "Plain manifest file or directory (repeatable).")
        List<Path> files;

        @Option(names = "--chart", paramLabel = "DIR", description = "Helm chart, rendered by Helm, applied by Kube Ops.")
        Path chart;

        ReleaseSource toSource() {
            if (templates != null) {
                return new ReleaseSource.TemplateDirectory(templates);
            }
            return files != null ? new ReleaseSource.ManifestFiles(files) : new ReleaseSource.HelmChart(chart);
        }
    }

    @Option(names = "--values", paramLabel = "FILE", description = "Values file merged over the defaults (repeatable, later wins).")
    List<Path> valuesFiles = new ArrayList<>();

    @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Value override, e.g. image.tag=1.2.3 (repeatable).")
    List<String> setValues = new ArrayList<>();

    @Option(names = "--to", paramLabel = "CONTEXT", split = ",",
            description = "Deploy to these kubeconfig contexts (comma-separated or repeated). Default: the connection's context.")
    List<String> contexts = new ArrayList<>();

    @Option(names = "--parallel", description = "Deploy to the --to clusters at the same time.")
    boolean parallel;

    @Option(names = "--fail-fast", description = "Skip the remaining clusters after the first failure.")
    boolean failFast;

    @Override
    public Integer call() {
        CliContext context = root.context;
        DeployOptions options = flags.options();
        String namespace = connectionOptions.namespace().orElseThrow(() -> new KubeOpsException(
                "deploy needs the release namespace: pass -n NAMESPACE."));
        ReleaseSpec spec = new ReleaseSpec(release, namespace, source.toSource(), valuesFiles, setValues);
        Function<String, ClusterConnection> connections = context.connectionsByContext(connectionOptions);
        KubernetesClientFactory factory = new KubernetesClientFactory(connectionOptions.timeouts());
        List<String> targets = contexts.isEmpty() ? List.of("") : contexts;
        List<MultiClusterDeploy.ClusterOutcome> outcomes = MultiClusterDeploy.run(targets, parallel, failFast, cluster -> {
            String prefix = cluster.isEmpty() ? "" : "[" + cluster + "] ";
            try (KubernetesClient client = factory.create(connections.apply(cluster))) {
                return new DeployService(client, Clock.systemUTC()).deploy(spec, options, line -> context.err().println(prefix + line));
            }
        });
        return DeployOutput.print(context, flags, outcomes);
    }
}
