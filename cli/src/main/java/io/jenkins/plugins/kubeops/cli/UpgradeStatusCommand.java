package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeStatusText;
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
        try (KubernetesClient client = UpgradeCommand.client(context, connection)) {
            UpgradeService service = UpgradeCommand.service(client);
            context.out().print(UpgradeStatusText.render(service.inventory(), service.state(), service.runner()));
            return 0;
        }
    }
}
