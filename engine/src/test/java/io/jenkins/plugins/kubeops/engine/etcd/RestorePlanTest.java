package io.jenkins.plugins.kubeops.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RestorePlanTest {

    static final BackupMetadata BACKUP = Backups.at("prod", Instant.parse("2026-11-21T10:15:00Z"), 48_213);
    static final List<RestorePlan.Member> MEMBERS = List.of(new RestorePlan.Member("cp-1", "https://10.0.0.1:2380"),
            new RestorePlan.Member("cp-2", "https://10.0.0.2:2380"), new RestorePlan.Member("cp-3", "https://10.0.0.3:2380"));
    static final String FETCH = "kube-ops etcd verify --cluster prod --backup " + BACKUP.id() + " --store-dir /backups --output-file {snapshot}";

    static RestorePlan plan() {
        return RestorePlan.of(BACKUP, MEMBERS, RestorePlan.kubeadmDefaults(BACKUP, FETCH));
    }

    /** The flags of a command line as name → value ({@code --mark-compacted} maps to ""). */
    static Map<String, String> flags(String line) {
        Map<String, String> flags = new java.util.LinkedHashMap<>();
        String[] words = line.split(" ");
        for (int i = 0; i < words.length; i++) {
            if (words[i].startsWith("--")) {
                boolean hasValue = i + 1 < words.length && !words[i + 1].startsWith("--");
                flags.put(words[i], hasValue ? words[++i] : "");
            }
        }
        return flags;
    }

    @Test
    void everyApiServerStopsBeforeAnyEtcdMemberIsTouched() {
        List<RestorePlan.Step> steps = plan().steps();

        assertThat(steps).extracting(RestorePlan.Step::number).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, steps.size()).boxed().toList());
        assertThat(steps.subList(0, 3)).extracting(RestorePlan.Step::action).allMatch(a -> a.startsWith("stop kube-apiserver"));
        assertThat(steps.subList(0, 3)).extracting(RestorePlan.Step::node)
                .containsExactly("cp-1 (10.0.0.1)", "cp-2 (10.0.0.2)", "cp-3 (10.0.0.3)");
        assertThat(steps.get(0).commands()).containsExactly("mkdir -p /etc/kubernetes/kube-ops-restore-parked",
                "mv /etc/kubernetes/manifests/kube-apiserver.yaml /etc/kubernetes/kube-ops-restore-parked/",
                "until [ -z \"$(crictl ps -q --name kube-apiserver)\" ]; do sleep 2; done");
        assertThat(steps.subList(3, 6)).extracting(RestorePlan.Step::action)
                .containsExactly("stop etcd member cp-1", "stop etcd member cp-2", "stop etcd member cp-3");
        List<String> order = steps.stream().map(RestorePlan.Step::action).map(a -> a.replaceAll(" (member )?cp-\\d.*", "")).distinct().toList();
        assertThat(order).containsExactly("stop kube-apiserver (every API server must be down before etcd is touched)", "stop etcd", "restore", "start etcd",
                "check that every member is healthy and at revision 1000048213 or later", "start kube-apiserver",
                "restart the components that cache cluster state");
    }

    @Test
    void eachMemberIsRestoredWithItsOwnNameAndPeerUrlInBothForms() {
        List<RestorePlan.Step> restores = plan().steps().stream().filter(s -> s.action().startsWith("restore member")).toList();
        assertThat(restores).hasSize(3);
        String initialCluster = "cp-1=https://10.0.0.1:2380,cp-2=https://10.0.0.2:2380,cp-3=https://10.0.0.3:2380";
        String snapshot = "/var/tmp/kube-ops-restore/" + BACKUP.id() + ".db";
        for (int i = 0; i < 3; i++) {
            RestorePlan.Member member = MEMBERS.get(i);
            List<String> commands = restores.get(i).commands();
            assertThat(restores.get(i).node()).isEqualTo(member.name() + " (10.0.0." + (i + 1) + ")");
            assertThat(commands.get(0)).isEqualTo("mkdir -p /var/tmp/kube-ops-restore");
            assertThat(commands.get(1)).isEqualTo(FETCH.replace("{snapshot}", snapshot));
            assertThat(commands.get(2)).isEqualTo("mv /var/lib/etcd /var/lib/etcd.before-" + BACKUP.id());

            String etcdutl = commands.get(4);
            assertThat(etcdutl).startsWith("etcdutl snapshot restore " + snapshot + " ");
            Map<String, String> modern = flags(etcdutl);
            assertThat(modern).containsExactly(Map.entry("--name", member.name()), Map.entry("--initial-cluster", initialCluster),
                    Map.entry("--initial-cluster-token", "kube-ops-restore-" + BACKUP.id()),
                    Map.entry("--initial-advertise-peer-urls", member.peerUrl()), Map.entry("--data-dir", "/var/lib/etcd"),
                    Map.entry("--bump-revision", "1000000000"), Map.entry("--mark-compacted", ""));

            String etcdctl = commands.get(6);
            assertThat(etcdctl).startsWith("ETCDCTL_API=3 etcdctl snapshot restore " + snapshot + " ");
            Map<String, String> legacy = flags(etcdctl);
            assertThat(legacy).containsExactly(Map.entry("--name", member.name()), Map.entry("--initial-cluster", initialCluster),
                    Map.entry("--initial-cluster-token", "kube-ops-restore-" + BACKUP.id()),
                    Map.entry("--initial-advertise-peer-urls", member.peerUrl()), Map.entry("--data-dir", "/var/lib/etcd"));
        }
    }

    @Test
    void etcdAndApiServersComeBackFromWhereTheyWereParked() {
        List<String> commands = new ArrayList<>();
        plan().steps().stream().filter(s -> s.action().startsWith("start")).forEach(s -> commands.addAll(s.commands()));

        assertThat(commands).containsExactly(
                "mv /etc/kubernetes/kube-ops-restore-parked/etcd.yaml /etc/kubernetes/manifests/",
                "mv /etc/kubernetes/kube-ops-restore-parked/etcd.yaml /etc/kubernetes/manifests/",
                "mv /etc/kubernetes/kube-ops-restore-parked/etcd.yaml /etc/kubernetes/manifests/",
                "mv /etc/kubernetes/kube-ops-restore-parked/kube-apiserver.yaml /etc/kubernetes/manifests/",
                "mv /etc/kubernetes/kube-ops-restore-parked/kube-apiserver.yaml /etc/kubernetes/manifests/",
                "mv /etc/kubernetes/kube-ops-restore-parked/kube-apiserver.yaml /etc/kubernetes/manifests/");
    }

    @Test
    void systemdClustersGetSystemctlStepsAndTheTextNamesEveryStep() {
        RestorePlan.Options kubeadm = RestorePlan.kubeadmDefaults(BACKUP, FETCH);
        RestorePlan plan = RestorePlan.of(BACKUP, MEMBERS, new RestorePlan.Options("/data/etcd", false, kubeadm.manifestsDir(),
                kubeadm.snapshotDir(), "t", java.util.OptionalLong.empty(), FETCH));

        assertThat(plan.steps().get(0).commands()).containsExactly("systemctl stop kube-apiserver");
        assertThat(plan.steps().get(3).commands()).containsExactly("systemctl stop etcd");
        assertThat(plan.toText()).contains("## Step 1 on cp-1 (10.0.0.1): stop kube-apiserver")
                .contains("revision " + BACKUP.revision()).doesNotContain("--bump-revision");
        assertThat(RestoreCommand.shell(List.of("echo", "a b", "it's"))).isEqualTo("echo 'a b' 'it'\\''s'");
    }
}
