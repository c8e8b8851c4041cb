package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade abort}: stop, uncordoning what the upgrade cordoned. */
@Command(name = "abort", mixinStandardHelpOptions = true, description = "Stop the upgrade and uncordon every node it cordoned, except nodes in the middle of their own upgrade (named, left cordoned). A running upgrade starts no new node and does this once the nodes in flight finished.")
final class UpgradeAbortCommand implements Callable<Integer> {

    @ParentCommand
    UpgradeCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        try (KubernetesClient client = UpgradeCommand.client(context, connection)) {
            UpgradeState state = UpgradeCommand.service(client).abort(UpgradeCommand.progress(context));
            return state.status() == UpgradeState.Status.FAILED ? UpgradeCommand.REFUSED_OR_FAILED : 0;
        }
    }
}
