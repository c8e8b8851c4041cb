package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.etcd.BackupOptions;
import io.jenkins.plugins.kubeops.engine.etcd.Compression;
import io.jenkins.plugins.kubeops.engine.etcd.SnapshotLocks;
import io.jenkins.plugins.kubeops.engine.upgrade.CommandNodeUpgrader;
import io.jenkins.plugins.kubeops.engine.upgrade.CommandTemplate;
import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import io.jenkins.plugins.kubeops.engine.upgrade.EtcdSnapshotPhase;
import io.jenkins.plugins.kubeops.engine.upgrade.HealthGateSettings;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeUpgrader;
import io.jenkins.plugins.kubeops.engine.upgrade.SnapshotPhase;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** How an upgrade runs ({@code upgrade apply} and {@code upgrade resume}): node commands, waits, health gates, snapshot. */
final class UpgradeRunOptions {

    @Option(names = "--node-command", paramLabel = "TEMPLATE", description = "Command that upgrades one drained node's "
            + "kubelet, run without a shell; {node} and {version} are filled in, e.g. "
            + "\"ssh {node} sudo /usr/local/sbin/upgrade-kubelet {version}\". Default for the local cluster: its own upgrader.")
    String nodeCommand;

    @Option(names = "--control-plane-command", paramLabel = "TEMPLATE", description = "Command that upgrades the control "
            + "plane on one control-plane node ({node}), or the whole control plane when it runs on no node, e.g. "
            + "\"ssh {node} sudo kubeadm upgrade apply -y {version}\".")
    String controlPlaneCommand;

    @Option(names = "--command-timeout", paramLabel = "DURATION", defaultValue = "30m",
            description = "Longest run of one node or control-plane command (default: ${DEFAULT-VALUE}).")
    String commandTimeout;

    @Option(names = "--node-timeout", paramLabel = "DURATION", defaultValue = "15m",
            description = "How long a node may take to report the target version and Ready after its command (default: "
                    + "${DEFAULT-VALUE}).")
    String nodeTimeout;

    @Option(names = "--validate-count", paramLabel = "N", defaultValue = "3",
            description = "Health gates between steps must pass this many times in a row (default: ${DEFAULT-VALUE}).")
    int validateCount;

    @Option(names = "--validate-interval", paramLabel = "DURATION", defaultValue = "5s",
            description = "Time between health checks (default: ${DEFAULT-VALUE}).")
    String validateInterval;

    @Option(names = "--validate-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Longest wait for a health gate (default: ${DEFAULT-VALUE}).")
    String validateTimeout;

    @Option(names = "--prometheus-url", paramLabel = "URL", description = "Also gate on a Prometheus query returning nothing.")
    URI prometheusUrl;

    @Option(names = "--prometheus-query", paramLabel = "PROMQL", defaultValue = "ALERTS{alertstate=\"firing\"}",
            description = "The query for --prometheus-url (default: ${DEFAULT-VALUE}).")
    String prometheusQuery;

    @Mixin
    DrainPodOptions pods;

    @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "Drain: per node (default: ${DEFAULT-VALUE}); then --on-timeout applies.")
    String drainTimeout;

    @Option(names = "--on-timeout", paramLabel = "POLICY", defaultValue = "fail",
            description = "Drain: fail (default) stops the upgrade; skip leaves that node uncordoned on its version and goes "
                    + "on (named in the result); force deletes the pods left, ignoring their budgets (loudly logged).")
    String onTimeout;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Spool directory for the etcd snapshot (default: the temp dir).")
    Path workDir;

    @ArgGroup(exclusive = false, heading = "etcd snapshot before the control plane:%n")
    UpgradeSnapshotOptions snapshot;

    @ArgGroup(exclusive = false, heading = "Where the snapshot is stored (as for kube-ops etcd backup):%n")
    EtcdStoreOptions store;

    DrainOptions drainOptions() {
        return pods.applyTo(DrainOptions.defaults())
                .withTimeout(DrainOptions.parseTimeout(drainTimeout), DrainOptions.OnTimeout.parse(onTimeout));
    }

    UpgradeService.Settings settings() {
        HealthGateSettings health = new HealthGateSettings(validateCount, Durations.parse("--validate-interval", validateInterval),
                Durations.parse("--validate-timeout", validateTimeout),
                Optional.ofNullable(prometheusUrl).map(url -> new HealthGateSettings.PrometheusQuery(url, prometheusQuery)));
        return UpgradeService.Settings.DEFAULTS.withHealth(health).withNodeTimeout(Durations.parse("--node-timeout", nodeTimeout));
    }

    /** The command upgrader, when --node-command (or only --control-plane-command) was given. */
    Optional<NodeUpgrader> commandUpgrader() {
        if (nodeCommand == null && controlPlaneCommand == null) {
            return Optional.empty();
        }
        if (nodeCommand != null) {
            CommandTemplate.check("--node-command", nodeCommand, true).throwIfError();
        }
        CommandTemplate kubelet = nodeCommand != null ? CommandTemplate.parse("--node-command", nodeCommand)
                : CommandTemplate.parse("--node-command", "false {node}");
        return Optional.of(new CommandNodeUpgrader(kubelet,
                Optional.ofNullable(controlPlaneCommand).map(c -> CommandTemplate.parse("--control-plane-command", c)),
                Durations.parse("--command-timeout", commandTimeout)));
    }

    Optional<SnapshotPhase> snapshotPhase(CliContext context, Clock clock) {
        if (snapshot == null) {
            if (store != null) {
                throw new KubeOpsException("a snapshot store was given without --etcd-endpoints: give the etcd endpoints too.");
            }
            return Optional.empty();
        }
        if (store == null) {
            throw new KubeOpsException("--etcd-endpoints needs a store for the snapshot: --cluster NAME and --store-dir DIR "
                    + "(or --s3-bucket BUCKET).");
        }
        BackupOptions options = new BackupOptions(Compression.ZSTD, store.encryptionKey(context.environment()), Optional.empty(),
                workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir")));
        return Optional.of(new EtcdSnapshotPhase(snapshot.target(store.cluster()), () -> store.open(context.environment()),
                options, new SnapshotLocks(EtcdBackupCommand.defaultLockDir()), clock));
    }
}
