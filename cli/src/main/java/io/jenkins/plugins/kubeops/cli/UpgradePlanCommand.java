package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePlan;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePolicy;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade plan}: what an upgrade would do, skew-checked at every step; changes nothing. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the upgrade plan (pre-flight checks, skew verdict, snapshot, control-plane passes, node rolls) "
                + "without changing anything. Exit code 3 when the plan is refused.")
final class UpgradePlanCommand implements Callable<Integer> {

    @ParentCommand
    UpgradeCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    UpgradePolicyOptions policy;

    @Override
    public Integer call() {
        return print(parent.root.context, connection, policy);
    }

    /** Prints the plan; shared with {@code apply --dry-run}. */
    static int print(CliContext context, ConnectionOptions connection, UpgradePolicyOptions policy) {
        KubeVersion target = policy.target();
        UpgradePolicy upgradePolicy = policy.policy(); // bad input is refused before anything connects
        try (KubernetesClient client = UpgradeCommand.client(context, connection)) {
            UpgradeService service = UpgradeCommand.service(client);
            UpgradePlan plan = service.plan(target, upgradePolicy);
            context.out().print(service.describe(plan));
            if (plan.refused()) {
                context.err().println("kube-ops: the plan is refused:\n" + plan.refusal());
                return UpgradeCommand.REFUSED_OR_FAILED;
            }
            return 0;
        }
    }
}
