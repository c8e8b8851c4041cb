package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade pause}: ask the running upgrade to stop: no new node starts, the nodes in flight finish. */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Stop the running upgrade: it starts no new step or node and pauses once the nodes in flight finished; 'resume' continues it. An upgrade no process runs is marked paused at once.")
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
