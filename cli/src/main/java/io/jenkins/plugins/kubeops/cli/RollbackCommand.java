package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.deploy.DeployService;
import io.jenkins.plugins.kubeops.engine.deploy.MultiClusterDeploy;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops rollback RELEASE --to N}: re-apply an earlier revision as a new one. */
@Command(name = "rollback", mixinStandardHelpOptions = true,
        description = "Roll a release back to an earlier revision; the rollback is recorded as a new revision.")
final class RollbackCommand implements Callable<Integer> {

    @ParentCommand
    KubeOpsCli root;

    @Mixin
    ConnectionOptions connectionOptions;

    @Mixin
    DeployFlags flags;

    @Parameters(index = "0", paramLabel = "RELEASE")
    String release;

    @Option(names = "--to", required = true, paramLabel = "REVISION", description = "Revision to return to (see 'kube-ops history').")
    int revision;

    @Override
    public Integer call() {
        CliContext context = root.context;
        String namespace = connectionOptions.namespace().orElseThrow(() -> new KubeOpsException(
                "rollback needs the release namespace: pass -n NAMESPACE."));
        ClusterConnection connection = context.connect(connectionOptions);
        try (KubernetesClient client = new KubernetesClientFactory(connectionOptions.timeouts()).create(connection)) {
            DeployService service = new DeployService(client, Clock.systemUTC());
            return DeployOutput.print(context, flags, MultiClusterDeploy.run(List.of(""), false, false,
                    cluster -> service.rollback(namespace, release, revision, flags.options(), context.err()::println)));
        }
    }
}
