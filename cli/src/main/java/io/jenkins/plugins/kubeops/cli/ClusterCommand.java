package io.jenkins.plugins.kubeops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops cluster ...}: look at a cluster as a whole. */
@Command(name = "cluster", mixinStandardHelpOptions = true, description = "Inspect a cluster.",
        subcommands = {ClusterInfoCommand.class})
final class ClusterCommand {

    @ParentCommand
    KubeOpsCli root;
}
