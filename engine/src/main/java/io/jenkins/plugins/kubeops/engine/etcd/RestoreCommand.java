package io.jenkins.plugins.kubeops.engine.etcd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The command that turns a snapshot file into a member's data directory, in both forms: {@code etcdutl snapshot restore}
 * (etcd 3.5 and later) and {@code ETCDCTL_API=3 etcdctl snapshot restore} (etcd 3.4, which has no etcdutl). Written once,
 * used by restore plans (printed) and drills and deep checks (run).
 *
 * @param bumpRevision raise the revision by this much and mark it compacted ({@code --bump-revision N --mark-compacted}),
 *                     so that Kubernetes watchers and informers see newer revisions and re-list instead of serving stale
 *                     caches; only etcdutl 3.5.x+/3.6 knows these flags
 */
public record RestoreCommand(String snapshot, String memberName, String initialCluster, String clusterToken,
                             String peerUrl, String dataDir, OptionalLong bumpRevision) {

    /** Kubernetes' documented amount: far above any revision a cluster reaches between backup and restore. */
    public static final long KUBERNETES_BUMP = 1_000_000_000L;

    public RestoreCommand {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(memberName, "memberName");
        Objects.requireNonNull(initialCluster, "initialCluster");
        Objects.requireNonNull(clusterToken, "clusterToken");
        Objects.requireNonNull(peerUrl, "peerUrl");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(bumpRevision, "bumpRevision");
    }

    /** {@code etcdutl snapshot restore ...} (etcd 3.5+). */
    public List<String> etcdutl(String executable) {
        List<String> command = new ArrayList<>(List.of(executable, "snapshot", "restore", snapshot));
        command.addAll(common());
        bumpRevision.ifPresent(bump -> command.addAll(List.of("--bump-revision", Long.toString(bump), "--mark-compacted")));
        return command;
    }

    /** {@code etcdctl snapshot restore ...} as etcd 3.4 needs it (run with {@code ETCDCTL_API=3}); no revision bump there. */
    public List<String> etcdctl34(String executable) {
        List<String> command = new ArrayList<>(List.of(executable, "snapshot", "restore", snapshot));
        command.addAll(common());
        return command;
    }

    private List<String> common() {
        return List.of("--name", memberName, "--initial-cluster", initialCluster, "--initial-cluster-token", clusterToken,
                "--initial-advertise-peer-urls", peerUrl, "--data-dir", dataDir);
    }

    /** A command line for a shell: words with shell metacharacters are single-quoted. */
    public static String shell(List<String> words) {
        StringBuilder line = new StringBuilder();
        for (String word : words) {
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word.matches("[A-Za-z0-9_@%+=:,./-]+") ? word : "'" + word.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
