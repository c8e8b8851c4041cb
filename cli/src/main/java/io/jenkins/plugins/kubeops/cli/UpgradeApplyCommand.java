package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePolicy;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade apply}: plan, then run the plan step by step. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Upgrade the cluster: plan (refused plans stop here), take the lock, then run every step with health "
                + "gates in between. Progress is kept in ConfigMap kube-system/kube-ops-upgrade: 'pause', 'resume' and "
                + "'abort' work from anywhere. Exit code 3 when the plan is refused or the upgrade fails.")
final class UpgradeApplyCommand implements Callable<Integer> {

    @ParentCommand
    UpgradeCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    UpgradePolicyOptions policy;

    @Mixin
    UpgradeRunOptions run;

    @Option(names = "--dry-run", description = "Print the plan only (same as 'upgrade plan').")
    boolean dryRun;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        if (dryRun) {
            return UpgradePlanCommand.print(context, connection, policy);
        }
        Progress progress = UpgradeCommand.progress(context);
        KubeVersion target = policy.target();
        UpgradePolicy upgradePolicy = policy.policy();
        UpgradeService.Settings settings = run.settings(); // bad input is refused before anything connects
        java.util.function.Function<UpgradeCommand.Connected, UpgradeService.Parts> parts =
                UpgradeCommand.parts(context, connection, run, progress);
        try (UpgradeCommand.Connected connected = UpgradeCommand.connect(context, connection)) {
            UpgradeState state = UpgradeCommand.service(connected.client(), parts.apply(connected), settings).apply(target, upgradePolicy, progress);
            return UpgradeCommand.exitCode(context, state);
        }
    }
}
