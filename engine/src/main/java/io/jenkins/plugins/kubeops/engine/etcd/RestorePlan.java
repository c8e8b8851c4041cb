package io.jenkins.plugins.kubeops.engine.etcd;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * The exact steps to restore a cluster from one backup, per member and in order: stop every API server first (so nothing
 * writes to, or caches from, the old etcd), stop every etcd member, put the snapshot on each member, move the old data
 * directory aside, restore each member with its own name and peer URL into a new cluster (new token), start the members,
 * check them, then start the API servers and restart the components that cache cluster state. Pure: it prints, it runs
 * nothing. Both restore forms are given: {@code etcdutl} (etcd 3.5+, with {@code --bump-revision}/{@code --mark-compacted}
 * for Kubernetes) and {@code etcdctl} (etcd 3.4).
 */
public record RestorePlan(BackupMetadata backup, List<Member> members, List<Step> steps) {

    /** A member to restore: its name and peer URL as in the cluster's member list. */
    public record Member(String name, String peerUrl) {
        public Member {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peerUrl, "peerUrl");
        }

        String host() {
            String host = URI.create(peerUrl).getHost();
            return host == null ? name : host;
        }
    }

    /**
     * @param kubeadm     static pods under {@code manifestsDir} (kubeadm's stacked etcd); else systemd units
     *                    {@code etcd} and {@code kube-apiserver}
     * @param snapshotDir where the snapshot is put on each member
     */
    public record Options(String dataDir, boolean kubeadm, String manifestsDir, String snapshotDir, String clusterToken,
                          OptionalLong bumpRevision, String fetchCommand) {
    }

    /** One step: where it runs ({@code node}), what it does, and the commands. */
    public record Step(int number, String node, String action, List<String> commands) {
        public Step {
            commands = List.copyOf(commands);
        }
    }

    public RestorePlan {
        members = List.copyOf(members);
        steps = List.copyOf(steps);
    }

    public static Options kubeadmDefaults(BackupMetadata backup, String fetchCommand) {
        return new Options("/var/lib/etcd", true, "/etc/kubernetes/manifests", "/var/tmp/kube-ops-restore",
                "kube-ops-restore-" + backup.id(), OptionalLong.of(RestoreCommand.KUBERNETES_BUMP), fetchCommand);
    }

    public static RestorePlan of(BackupMetadata backup, List<Member> members, Options options) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a restore plan needs at least one member");
        }
        String initialCluster = members.stream().map(m -> m.name() + "=" + m.peerUrl()).collect(Collectors.joining(","));
        String snapshot = options.snapshotDir() + "/" + backup.id() + ".db";
        String aside = options.dataDir() + ".before-" + backup.id();
        String parked = options.manifestsDir().replaceAll("/manifests/?$", "") + "/kube-ops-restore-parked";
        List<Step> steps = new ArrayList<>();
        for (Member member : members) {
            steps.add(step(steps, member, "stop kube-apiserver (every API server must be down before etcd is touched)",
                    options.kubeadm()
                            ? List.of("mkdir -p " + parked,
                            "mv " + options.manifestsDir() + "/kube-apiserver.yaml " + parked + "/",
                            "until [ -z \"$(crictl ps -q --name kube-apiserver)\" ]; do sleep 2; done")
                            : List.of("systemctl stop kube-apiserver")));
        }
        for (Member member : members) {
            steps.add(step(steps, member, "stop etcd member " + member.name(), options.kubeadm()
                    ? List.of("mv " + options.manifestsDir() + "/etcd.yaml " + parked + "/",
                    "until [ -z \"$(crictl ps -q --name etcd)\" ]; do sleep 2; done")
                    : List.of("systemctl stop etcd")));
        }
        for (Member member : members) {
            RestoreCommand restore = new RestoreCommand(snapshot, member.name(), initialCluster, options.clusterToken(),
                    member.peerUrl(), options.dataDir(), options.bumpRevision());
            List<String> commands = new ArrayList<>();
            commands.add("mkdir -p " + options.snapshotDir());
            commands.add(options.fetchCommand().replace("{snapshot}", snapshot));
            commands.add("mv " + options.dataDir() + " " + aside);
            commands.add("# etcd 3.5 and later:");
            commands.add(RestoreCommand.shell(restore.etcdutl("etcdutl")));
            commands.add("# etcd 3.4 (no etcdutl, no revision bump: restart every client that watches etcd afterwards):");
            commands.add("ETCDCTL_API=3 " + RestoreCommand.shell(restore.etcdctl34("etcdctl")));
            steps.add(step(steps, member, "restore member " + member.name() + " from backup " + backup.id() + " (revision "
                    + backup.revision() + ", " + backup.keyCount() + " keys)", commands));
        }
        for (Member member : members) {
            steps.add(step(steps, member, "start etcd member " + member.name(), options.kubeadm()
                    ? List.of("mv " + parked + "/etcd.yaml " + options.manifestsDir() + "/")
                    : List.of("systemctl start etcd")));
        }
        long expectedRevision = backup.revision() + options.bumpRevision().orElse(0);
        steps.add(new Step(steps.size() + 1, members.get(0).name() + " (" + members.get(0).host() + ")",
                "check that every member is healthy and at revision " + expectedRevision + " or later",
                List.of("etcdctl --endpoints " + members.stream().map(m -> m.host() + ":2379").collect(Collectors.joining(","))
                        + " --cacert /etc/kubernetes/pki/etcd/ca.crt --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt"
                        + " --key /etc/kubernetes/pki/etcd/healthcheck-client.key endpoint status -w table")));
        for (Member member : members) {
            steps.add(step(steps, member, "start kube-apiserver", options.kubeadm()
                    ? List.of("mv " + parked + "/kube-apiserver.yaml " + options.manifestsDir() + "/")
                    : List.of("systemctl start kube-apiserver")));
        }
        for (Member member : members) {
            steps.add(step(steps, member, "restart the components that cache cluster state", options.kubeadm()
                    ? List.of("crictl stop $(crictl ps -q --name kube-controller-manager) $(crictl ps -q --name kube-scheduler)",
                    "systemctl restart kubelet")
                    : List.of("systemctl restart kube-controller-manager kube-scheduler kubelet")));
        }
        return new RestorePlan(backup, members, steps);
    }

    private static Step step(List<Step> steps, Member member, String action, List<String> commands) {
        return new Step(steps.size() + 1, member.name() + " (" + member.host() + ")", action, commands);
    }

    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("# Restore of etcd cluster '").append(backup.cluster()).append("' from backup ").append(backup.id())
                .append(" (taken ").append(backup.createdAt()).append(", revision ").append(backup.revision()).append(", ")
                .append(backup.keyCount()).append(" keys)\n");
        text.append("# Run the steps in order; each names the node it runs on.\n");
        for (Step step : steps) {
            text.append("\n## Step ").append(step.number()).append(" on ").append(step.node()).append(": ")
                    .append(step.action()).append('\n');
            step.commands().forEach(command -> text.append(command).append('\n'));
        }
        return text.toString();
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("backupId", backup.id());
        map.put("cluster", backup.cluster());
        map.put("steps", steps.stream().map(s -> {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("number", s.number());
            step.put("node", s.node());
            step.put("action", s.action());
            step.put("commands", s.commands());
            return step;
        }).toList());
        return map;
    }
}
