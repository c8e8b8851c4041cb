package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.localcluster.LocalClusterException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kube-ops}: the command-line front of the engine. Every subcommand calls the same engine services the Jenkins steps use.
 */
@Command(name = "kube-ops", mixinStandardHelpOptions = true, versionProvider = KubeOpsCli.Version.class,
        description = "Kubernetes delivery and operations from the command line (the engine behind the Kube Ops Jenkins plugin).",
        subcommands = {ClusterCommand.class, PoolsCommand.class, EtcdCommand.class, DeployCommand.class,
                HistoryCommand.class, RollbackCommand.class, DrainCommand.class, UncordonCommand.class,
                UpgradeCommand.class, CanaryCommand.class})
public final class KubeOpsCli {

    final CliContext context;

    KubeOpsCli(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        // Quiet library logging (fabric8) unless asked for; user-facing output goes through the commands.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", System.getProperty("kubeops.log", "warn"));
        System.exit(execute(CliContext.system(), args));
    }

    /** Runs one command line; returns the exit code (0 ok, 1 failure, 2 usage error). */
    public static int execute(CliContext context, String... args) {
        CommandLine commandLine = new CommandLine(new KubeOpsCli(context))
                .setOut(context.out())
                .setErr(context.err())
                .setExecutionExceptionHandler((exception, line, parseResult) -> {
                    if (exception instanceof KubeOpsException || exception instanceof LocalClusterException) {
                        line.getErr().println("kube-ops: error: " + exception.getMessage());
                        return 1;
                    }
                    throw exception;
                });
        int exitCode = commandLine.execute(args);
        context.out().flush();
        context.err().flush();
        return exitCode;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = KubeOpsCli.class.getPackage().getImplementationVersion();
            return new String[] {"kube-ops " + (version == null ? "(development build)" : version)};
        }
    }
}
