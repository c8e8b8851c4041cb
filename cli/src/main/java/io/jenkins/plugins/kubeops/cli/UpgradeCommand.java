package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.Drainer;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeDrainer;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeUpgrader;
import io.jenkins.plugins.kubeops.engine.upgrade.Polling;
import io.jenkins.plugins.kubeops.engine.upgrade.SnapshotPhase;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops upgrade ...}: skew-checked cluster upgrades with pause, resume and abort. */
@Command(name = "upgrade", mixinStandardHelpOptions = true,
        description = "Upgrade a cluster: a skew-checked plan, a verified etcd snapshot, the control plane one minor at a time, "
                + "then the nodes through a sliding window after a canary, with health gates; state in the cluster (pause, resume, abort).",
        subcommands = {UpgradePlanCommand.class, UpgradeApplyCommand.class, UpgradeStatusCommand.class,
                UpgradePauseCommand.class, UpgradeResumeCommand.class, UpgradeAbortCommand.class})
final class UpgradeCommand {

    /** Exit code of a plan that is refused (skew rule, pre-flight) or an upgrade that stopped failed or aborted. */
    static final int REFUSED_OR_FAILED = 3;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /**
     * Chooses how nodes are upgraded when no --node-command is given: for the embedded local cluster, its own upgrader
     * (restart on newer binaries); elsewhere there is none and the command says what to pass. Replaceable in tests.
     */
    interface LocalUpgraders {
        Optional<NodeUpgrader> forLocalCluster(CliContext context, Progress progress);
    }

    static LocalUpgraders localUpgraders = (context, progress) -> Optional.of(new LocalNodeUpgrader(LocalCluster.DEMO_CLUSTER));

    @ParentCommand
    KubeOpsCli root;

    /** Progress lines on standard output, each with the time. */
    static Progress progress(CliContext context) {
        Clock clock = Clock.systemUTC();
        return line -> {
            synchronized (context.out()) {
                context.out().println("[" + TIME.format(clock.instant()) + "] " + line);
                context.out().flush();
            }
        };
    }

    static boolean isLocalCluster(CliContext context, ConnectionOptions options) {
        return ConnectionTarget.resolve(options, context.environment(), context.home(), Files::isRegularFile,
                path -> "") instanceof ConnectionTarget.LocalCluster;
    }

    static KubernetesClient client(CliContext context, ConnectionOptions options) {
        return connect(context, options).client();
    }

    /** A client, and for the embedded local cluster its kubeconfig (its etcd is found next to it). */
    record Connected(KubernetesClient client, Optional<Path> localKubeconfig) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    static Connected connect(CliContext context, ConnectionOptions options) {
        boolean local = isLocalCluster(context, options);
        ClusterConnection connection = context.connect(options);
        Optional<Path> kubeconfig = local && connection instanceof ClusterConnection.Kubeconfig file
                ? Optional.of(file.file()) : Optional.empty();
        return new Connected(new KubernetesClientFactory(options.timeouts()).create(connection), kubeconfig);
    }

    /** The service for commands that do not upgrade nodes themselves (plan, status, pause, abort). */
    static UpgradeService service(KubernetesClient client) {
        NodeUpgrader none = new NodeUpgrader() {
            @Override
            public void upgradeControlPlane(String node, KubeVersion target, Progress progress) {
                throw new KubeOpsException("this command upgrades nothing");
            }

            @Override
            public void upgradeKubelet(String node, KubeVersion target, Progress progress) {
                throw new KubeOpsException("this command upgrades nothing");
            }
        };
        return service(client, new UpgradeService.Parts(none, id -> (nodes, progress) -> {
            throw new KubeOpsException("this command drains nothing");
        }, Optional.empty()), UpgradeService.Settings.DEFAULTS);
    }

    static UpgradeService service(KubernetesClient client, UpgradeService.Parts parts, UpgradeService.Settings settings) {
        return new UpgradeService(client, parts, settings, Polling.real(Clock.systemUTC()), holder());
    }

    /**
     * Parts for apply and resume: the node upgrader (command, or the local cluster's) and the snapshot, checked before
     * anything connects; the drainer (and for the local cluster its etcd) once connected.
     */
    static Function<Connected, UpgradeService.Parts> parts(CliContext context, ConnectionOptions connection,
                                                           UpgradeRunOptions options, Progress progress) {
        Optional<SnapshotPhase> snapshot = options.snapshotPhase(context, Clock.systemUTC());
        DrainOptions drain = options.drainOptions();
        Optional<NodeUpgrader> upgrader = options.commandUpgrader();
        if (upgrader.isEmpty() && isLocalCluster(context, connection)) {
            upgrader = localUpgraders.forLocalCluster(context, progress);
        }
        NodeUpgrader chosen = upgrader.orElseThrow(() -> new KubeOpsException("say how a node is upgraded: --node-command "
                + "'ssh {node} sudo /usr/local/sbin/upgrade-kubelet {version}' (run per drained node, without a shell), "
                + "and --control-plane-command for the control plane."));
        return connected -> new UpgradeService.Parts(chosen, operationId -> drainer(connected.client(), operationId, drain),
                snapshot.or(() -> connected.localKubeconfig().map(kubeconfig ->
                        UpgradeLocalSnapshot.of(kubeconfig, context.home(), Clock.systemUTC()))));
    }

    /** The drain package's drainer for one upgrade; closed by the run when it ends. */
    static NodeDrainer drainer(KubernetesClient client, String operationId, DrainOptions options) {
        Drainer drainer = new Drainer(client, Clock.systemUTC(), operationId);
        NodeDrainer nodes = drainer.asNodeDrainer(options);
        return new ClosingDrainer(nodes, drainer);
    }

    private record ClosingDrainer(NodeDrainer nodes, Drainer drainer) implements NodeDrainer, AutoCloseable {
        @Override
        public Result drain(java.util.List<String> names, Progress progress) throws InterruptedException {
            return nodes.drain(names, progress);
        }

        @Override
        public void close() {
            drainer.close();
        }
    }

    /** Exit code for a final state: 0 when it succeeded or paused as asked, 3 when it failed or was aborted. */
    static int exitCode(CliContext context, UpgradeState state) {
        if (state.status() == UpgradeState.Status.FAILED || state.status() == UpgradeState.Status.ABORTED) {
            context.err().println("kube-ops: upgrade " + state.status().name().toLowerCase() + ": " + state.message());
            return REFUSED_OR_FAILED;
        }
        return 0;
    }

    static String holder() {
        return "kube-ops CLI " + System.getProperty("user.name", "?") + "@" + hostName() + " pid " + ProcessHandle.current().pid();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }
}
