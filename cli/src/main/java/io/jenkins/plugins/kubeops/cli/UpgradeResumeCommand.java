package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade resume}: continue a paused or failed upgrade, or one whose process died. */
@Command(name = "resume", mixinStandardHelpOptions = true,
        description = "Continue the upgrade recorded in the cluster where it stopped: after 'pause', after a failure was "
                + "fixed, or after the process running it died (its lock expires within 30 s). Nodes that were mid-upgrade "
                + "are checked and finished.")
final class UpgradeResumeCommand implements Callable<Integer> {

    @ParentCommand
    UpgradeCommand parent;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    UpgradeRunOptions run;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        Progress progress = UpgradeCommand.progress(context);
        UpgradeService.Settings settings = run.settings(); // bad input is refused before anything connects
        java.util.function.Function<UpgradeCommand.Connected, UpgradeService.Parts> parts =
                UpgradeCommand.parts(context, connection, run, progress);
        try (UpgradeCommand.Connected connected = UpgradeCommand.connect(context, connection)) {
            UpgradeState state = UpgradeCommand.service(connected.client(), parts.apply(connected), settings).resume(progress);
            return UpgradeCommand.exitCode(context, state);
        }
    }
}
