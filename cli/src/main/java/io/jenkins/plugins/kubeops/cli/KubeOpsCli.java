package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.localcluster.LocalClusterException;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code kube-ops}: the command-line front of the engine. Every subcommand calls the same engine services the Jenkins steps use.
 */
@Command(name = "kube-ops", mixinStandardHelpOptions = true, versionProvider = KubeOpsCli.Version.class,
        description = "Kubernetes delivery and operations from the command line (the engine behind the Kube Ops Jenkins plugin).")
public final class KubeOpsCli {

    /**
     * The top-level commands, in the order help lists them. picocli builds the model of every command it is given, by
     * reflection, before parsing: for the whole tree that cost about as much CPU as a small etcd backup's byte work in a
     * fresh JVM, so a command line that names one of them gets only that subtree (help and errors for anything else get all).
     */
    static final List<Class<?>> COMMANDS = List.of(ClusterCommand.class, PoolsCommand.class, EtcdCommand.class,
            DeployCommand.class, HistoryCommand.class, RollbackCommand.class, DrainCommand.class, UncordonCommand.class,
            UpgradeCommand.class, CanaryCommand.class);

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
        CommandLine commandLine = new CommandLine(new KubeOpsCli(context));
        List<Class<?>> named = COMMANDS.stream()
                .filter(command -> args.length > 0 && command.getAnnotation(Command.class).name().equals(args[0])).toList();
        (named.isEmpty() ? COMMANDS : named).forEach(commandLine::addSubcommand);
        commandLine
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
