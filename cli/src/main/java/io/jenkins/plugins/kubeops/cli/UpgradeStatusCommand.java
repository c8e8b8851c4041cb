package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeStatusText;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade status}: the recorded upgrade and the version of every component and node. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the upgrade recorded in the cluster (step, done and cordoned nodes, who runs it) and the versions "
                + "of the control plane and every node.")
final class UpgradeStatusCommand implements Callable<Integer> {

    @ParentCommand
    UpgradeCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        try (UpgradeCommand.Connected connected = UpgradeCommand.connect(context, connection)) {
            UpgradeService service = UpgradeCommand.service(connected.client());
            context.out().print(UpgradeStatusText.render(service.inventory(), service.state(), service.runner(),
                    service.pendingTainted()));
            // The local cluster's control plane runs as processes, invisible to the API: its script knows their versions.
            connected.localKubeconfig().ifPresent(kubeconfig -> {
                context.out().println("Local control-plane processes (" + LocalCluster.DEMO_CLUSTER + "):");
                for (LocalCluster.Component component : LocalCluster.components(LocalCluster.DEMO_CLUSTER)) {
                    context.out().printf("  %-24s %s%n", component.name(), component.version() == null ? "not running"
                            : component.version() + " (pid " + component.pid() + ")");
                }
            });
            return 0;
        }
    }
}
