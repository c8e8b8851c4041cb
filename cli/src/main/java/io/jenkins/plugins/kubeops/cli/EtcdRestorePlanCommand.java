package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.etcd.BackupCatalog;
import io.jenkins.plugins.kubeops.engine.etcd.BackupMetadata;
import io.jenkins.plugins.kubeops.engine.etcd.BackupStore;
import io.jenkins.plugins.kubeops.engine.etcd.RestoreCommand;
import io.jenkins.plugins.kubeops.engine.etcd.RestorePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops etcd restore-plan}: print the exact per-member restore steps for one backup. */
@Command(name = "restore-plan", mixinStandardHelpOptions = true,
        description = "Print the ordered restore steps for a backup and a member list: stop all API servers, stop etcd, fetch "
                + "and restore each member (etcdutl 3.5+ and etcdctl 3.4 forms), start etcd, check, start API servers.")
final class EtcdRestorePlanCommand implements Callable<Integer> {

    @ParentCommand
    EtcdCommand parent;

    @Mixin
    EtcdStoreOptions store;

    @Option(names = "--backup", paramLabel = "ID", defaultValue = "latest", description = "Backup id, or latest (default).")
    String backupId;

    @Option(names = "--member", required = true, paramLabel = "NAME=PEER_URL",
            description = "A member as in 'etcdctl member list', e.g. cp-1=https://10.0.0.1:2380 (repeat for each).")
    List<String> members = new ArrayList<>();

    @Option(names = "--data-dir", defaultValue = "/var/lib/etcd", description = "Members' data directory (default: ${DEFAULT-VALUE}).")
    String dataDir;

    @Option(names = "--systemd", description = "etcd and kube-apiserver run as systemd units, not kubeadm static pods.")
    boolean systemd;

    @Option(names = "--no-bump-revision", description = "Do not raise the revision (only for clusters without Kubernetes on top).")
    boolean noBump;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    EtcdCommand.Output output;

    @Override
    public Integer call() throws Exception {
        CliContext context = parent.root.context;
        return EtcdCommand.run(context, () -> {
            List<RestorePlan.Member> parsed = members.stream().map(EtcdRestorePlanCommand::member).toList();
            BackupMetadata backup;
            try (BackupStore backups = store.open(context.environment())) {
                backup = BackupCatalog.find(backups, store.cluster(), backupId);
            }
            String fetch = "kube-ops etcd verify --cluster " + backup.cluster() + " --backup " + backup.id() + " "
                    + storeFlags() + " --output-file {snapshot}";
            RestorePlan.Options defaults = RestorePlan.kubeadmDefaults(backup, fetch);
            RestorePlan.Options options = new RestorePlan.Options(dataDir, !systemd, defaults.manifestsDir(),
                    defaults.snapshotDir(), defaults.clusterToken(),
                    noBump ? OptionalLong.empty() : OptionalLong.of(RestoreCommand.KUBERNETES_BUMP), fetch);
            RestorePlan plan = RestorePlan.of(backup, parsed, options);
            if (output == EtcdCommand.Output.json) {
                EtcdCommand.printJson(context, plan.toMap());
            } else {
                context.out().print(plan.toText());
            }
            return 0;
        });
    }

    private String storeFlags() {
        if (store.storeDir != null) {
            return "--store-dir " + store.storeDir;
        }
        return "--s3-bucket " + store.bucket + (store.s3Endpoint == null ? "" : " --s3-endpoint " + store.s3Endpoint)
                + " --s3-region " + store.region + (store.prefix.isBlank() ? "" : " --s3-prefix " + store.prefix)
                + (store.pathStyle ? " --s3-path-style" : "");
    }

    static RestorePlan.Member member(String value) {
        int equals = value.indexOf('=');
        if (equals <= 0 || equals == value.length() - 1 || !value.substring(equals + 1).matches("https?://[^/]+:\\d+/?")) {
            throw new KubeOpsException("--member '" + value + "' must be NAME=PEER_URL, e.g. cp-1=https://10.0.0.1:2380 (the "
                    + "name and peer URL from 'etcdctl member list').");
        }
        return new RestorePlan.Member(value.substring(0, equals).trim(), value.substring(equals + 1).trim().replaceAll("/$", ""));
    }
}
