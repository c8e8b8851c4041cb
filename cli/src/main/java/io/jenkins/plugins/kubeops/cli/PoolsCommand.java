package io.jenkins.plugins.kubeops.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops pools ...}: agent pools and least-load placement. */
@Command(name = "pools", mixinStandardHelpOptions = true, description = "Agent pools spread over clusters by real load.",
        subcommands = {PoolsRankCommand.class, PoolsSimulateCommand.class})
final class PoolsCommand {

    @ParentCommand
    KubeOpsCli root;
}
