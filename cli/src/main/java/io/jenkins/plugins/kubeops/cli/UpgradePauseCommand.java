package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade pause}: ask the running upgrade to stop between batches. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop the running upgrade before its next step (between batches); 'resume' continues it. An upgrade no process runs is marked paused at once.")
final class UpgradePauseCommand implements Callable<Integer> {

    @ParentCommand
    UpgradeCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        try (KubernetesClient client = UpgradeCommand.client(context, connection)) {
            UpgradeState state = UpgradeCommand.service(client).pause(UpgradeCommand.progress(context));
            return state.status() == UpgradeState.Status.FAILED ? UpgradeCommand.REFUSED_OR_FAILED : 0;
        }
    }
}
