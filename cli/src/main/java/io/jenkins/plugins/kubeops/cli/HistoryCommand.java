package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.deploy.DeployService;
import io.jenkins.plugins.kubeops.engine.deploy.Revision;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops history RELEASE}: the recorded revisions, newest first; {@code --show N} prints one in full. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "List a release's revisions, or show one.")
final class HistoryCommand implements Callable<Integer> {

    @ParentCommand
    KubeOpsCli root;

    @Mixin
    ConnectionOptions connectionOptions;

    @Parameters(index = "0", paramLabel = "RELEASE")
    String release;

    @Option(names = "--show", paramLabel = "REVISION", description = "Print this revision's objects, inventory and failure evidence.")
    Integer show;

    @Override
    public Integer call() {
        CliContext context = root.context;
        String namespace = connectionOptions.namespace().orElseThrow(() -> new KubeOpsException(
                "history needs the release namespace: pass -n NAMESPACE."));
        List<Revision> revisions;
        try (KubernetesClient client = new KubernetesClientFactory(connectionOptions.timeouts()).create(context.connect(connectionOptions))) {
            revisions = new DeployService(client, Clock.systemUTC()).history(namespace, release);
        }
        if (revisions.isEmpty()) {
            throw new KubeOpsException("release " + release + " has no history in namespace " + namespace
                    + ": check the name and -n, or deploy it first.");
        }
        if (show != null) {
            Revision revision = revisions.stream().filter(r -> r.number() == show).findFirst().orElseThrow(() -> new KubeOpsException(
                    "release " + release + " has no revision " + show + ": use one of " + revisions.stream().map(Revision::number).toList() + "."));
            context.out().printf("revision %d: %s, %s, %s%n", revision.number(), status(revision), revision.updated(), revision.description());
            revision.evidence().forEach(line -> context.out().println("evidence: " + line));
            context.out().println("owns: " + revision.inventory());
            context.out().print(revision.manifest());
            return 0;
        }
        context.out().printf("%-8s %-11s %-24s %s%n", "REVISION", "STATUS", "UPDATED", "DESCRIPTION");
        for (Revision revision : revisions) {
            context.out().printf("%-8d %-11s %-24s %s%n", revision.number(), status(revision), revision.updated(),
                    revision.description() + (revision.evidence().isEmpty() ? "" : " — " + revision.evidence().get(0)));
        }
        return 0;
    }

    private static String status(Revision revision) {
        return revision.status().name().toLowerCase(Locale.ROOT);
    }
}
