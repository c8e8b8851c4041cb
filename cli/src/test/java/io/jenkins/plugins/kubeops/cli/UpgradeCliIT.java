package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeStateStore;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kube-ops upgrade} against the real control plane: plan, apply with a real node command (kubectl rewriting the
 * version a kwok node reports) and the real drainer, status, and a CLI process killed mid-roll that {@code resume}
 * finishes.
 */
@ExtendWith(KubernetesClusterExtension.class)
class UpgradeCliIT {

    @TempDir
    Path home;

    private KubernetesClient client;

    @AfterEach
    void removeState() {
        if (client != null) {
            client.configMaps().inNamespace(UpgradeStateStore.NAMESPACE).withName(UpgradeStateStore.DEFAULT_NAME).delete();
            client.leases().inNamespace(UpgradeStateStore.NAMESPACE).withName(UpgradeStateStore.DEFAULT_NAME).delete();
        }
    }

    static List<String> nodes(TestNamespace namespace, String... suffixes) {
        List<String> names = new ArrayList<>();
        for (String suffix : suffixes) {
            names.add(namespace.createNode(suffix, "4", "16Gi", Map.of()).getMetadata().getName());
        }
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        for (String name : names) {
            // kwok's heartbeats update the node too: a conflicting write is read again and redone.
            Waits.retryOnConflict(() -> namespace.client().nodes().withName(name).editStatus(n -> {
                n.getStatus().setNodeInfo(new NodeSystemInfoBuilder().withKubeletVersion("v1.35.0").withKubeProxyVersion("")
                        .withArchitecture("amd64").withOperatingSystem("linux").withContainerRuntimeVersion("kwok")
                        .withKernelVersion("kwok").withOsImage("kwok").withMachineID("").withSystemUUID("").withBootID("")
                        .build());
                return n;
            }));
        }
        return names;
    }

    /** A node command that "upgrades" a kwok node with kubectl; the node named {@code slow} takes {@code seconds} first. */
    static String nodeCommand(TestNamespace namespace, String slow, int seconds) {
        Path kubectl = LocalCluster.binaries(Duration.ofMinutes(5), line -> { }).resolve("kubectl");
        return "sh -c 'if [ \"$0\" = \"" + slow + "\" ]; then sleep " + seconds + "; fi; echo upgrading $0 to $1; "
                + kubectl + " --kubeconfig " + namespace.cluster().kubeconfig() + " patch node \"$0\" --subresource=status "
                + "--type=merge -p \"{\\\"status\\\":{\\\"nodeInfo\\\":{\\\"kubeletVersion\\\":\\\"$1\\\"}}}\"' {node} {version}";
    }

    static List<String> common(TestNamespace namespace) {
        return List.of("--kubeconfig", namespace.cluster().kubeconfig().toString(),
                "--node-selector", "kube-ops.test/namespace=" + namespace.name());
    }

    static String[] args(List<String> first, List<String> second, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    static final List<String> QUICK_GATES = List.of("--validate-count", "1", "--validate-interval", "1s", "--node-timeout", "60s");

    @Test
    void plansAppliesWithANodeCommandAndShowsTheVersionsAfter(TestNamespace namespace) {
        client = namespace.client();
        String target = client.getKubernetesVersion().getGitVersion();
        List<String> nodes = nodes(namespace, "a", "b", "c");

        CliRun plan = CliRun.run(home, args(List.of("upgrade", "plan", "--to", target, "--max-unavailable", "2"), common(namespace)));
        assertThat(plan.exitCode()).as(plan.err()).isZero();
        assertThat(plan.out()).contains("OK      nodes Ready: all 3 nodes in scope are Ready",
                "1. workers: 3 nodes to " + target + ", canary " + nodes.get(0) + " alone, then up to 2 in flight: "
                        + String.join(", ", nodes));

        CliRun apply = CliRun.run(home, args(List.of("upgrade", "apply", "--to", target, "--max-unavailable", "2",
                "--node-command", nodeCommand(namespace, "none", 0)), common(namespace), QUICK_GATES.toArray(String[]::new)));
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isZero();
        assertThat(apply.out()).contains("[" + nodes.get(1) + "] upgrading " + nodes.get(1) + " to " + target,
                "upgrade to " + target + " finished: 3 node(s) upgraded");

        CliRun status = CliRun.run(home, "upgrade", "status", "--kubeconfig", namespace.cluster().kubeconfig().toString());
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains(": succeeded").containsPattern(nodes.get(2) + " +worker +" + target.replace(".", "\\.")
                + " .*Ready +enabled");
    }

    @Test
    void aCliProcessKilledMidBatchIsFinishedByResume(TestNamespace namespace) throws Exception {
        client = namespace.client();
        String target = client.getKubernetesVersion().getGitVersion();
        List<String> nodes = nodes(namespace, "a", "b", "c");
        String victim = nodes.get(1);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), KubeOpsCli.class.getName()));
        command.addAll(List.of(args(List.of("upgrade", "apply", "--to", target, "--max-unavailable", "2", "--node-command",
                nodeCommand(namespace, victim, 300)), common(namespace), QUICK_GATES.toArray(String[]::new))));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(home.resolve("apply.log").toFile()).redirectInput(new File("/dev/null")).start();
        try {
            Waits.until(Instant.now().plusSeconds(120), "the victim's upgrade command to start", () -> {
                var state = client.configMaps().inNamespace("kube-system").withName(UpgradeStateStore.DEFAULT_NAME).get();
                return state != null && state.getData().get("state.json").contains("\"currentNodes\" : [ \"" + victim);
            });
        } finally {
            cli.descendants().forEach(ProcessHandle::destroyForcibly);
            cli.destroyForcibly();
            assertThat(cli.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(client.nodes().withName(victim).get().getSpec().getUnschedulable()).as("killed with the victim cordoned").isTrue();
        CliRun status = CliRun.run(home, "upgrade", "status", "--kubeconfig", namespace.cluster().kubeconfig().toString());
        assertThat(status.out()).as("the killed process' taint on the node it left mid-upgrade")
                .containsPattern("tainted kube-ops.io/upgrade-pending \\(PreferNoSchedule[^)]*\\): [0-9]+ \\([^)]*" + victim);

        CliRun resume = CliRun.run(home, args(List.of("upgrade", "resume", "--kubeconfig", namespace.cluster().kubeconfig().toString(),
                "--node-command", nodeCommand(namespace, "none", 0)), QUICK_GATES));
        assertThat(resume.exitCode()).as(resume.out() + resume.err()).isZero();
        assertThat(resume.out()).contains("waiting for the upgrade lock held by", "resuming the upgrade to " + target
                + " at step 1/1", "upgrade to " + target + " finished");
        for (String node : nodes) {
            var current = client.nodes().withName(node).get();
            assertThat(current.getStatus().getNodeInfo().getKubeletVersion()).isEqualTo(target);
            assertThat(current.getSpec().getUnschedulable()).as(node + " uncordoned").isNotEqualTo(Boolean.TRUE);
            assertThat(current.getSpec().getTaints() == null ? List.<String>of() : current.getSpec().getTaints().stream()
                    .map(taint -> taint.getKey()).toList()).as(node + "'s taints").doesNotContain("kube-ops.io/upgrade-pending");
        }
    }

    @Test
    void theLocalClustersEtcdIsSnapshottedAndVerifiedFromItsKwokConfiguration(TestNamespace namespace) {
        Path kubeconfig = namespace.cluster().kubeconfig();
        assertThat(UpgradeLocalSnapshot.etcdPort(kubeconfig.resolveSibling("kwok.yaml"))).isPresent();
        List<String> lines = new ArrayList<>();
        String taken = UpgradeLocalSnapshot.of(kubeconfig, home, java.time.Clock.systemUTC()).takeVerified(lines::add);
        assertThat(taken).contains("verified twice").contains(home.resolve(".kube-ops/upgrade-snapshots").toString());
        assertThat(lines).anyMatch(l -> l.contains("read back from"));
        assertThat(UpgradeLocalSnapshot.etcdPort(home.resolve("missing.yaml"))).isEmpty();
    }

    @Test
    void aRefusedPlanStopsApplyWithExitCodeThreeAndTheRuleAndFix(TestNamespace namespace) {
        client = namespace.client();
        nodes(namespace, "a");
        CliRun apply = CliRun.run(home, args(List.of("upgrade", "apply", "--to", "v1.35.9", "--node-command", "true {node}"),
                common(namespace)));
        assertThat(apply.exitCode()).as(apply.out() + apply.err()).isEqualTo(UpgradeCommand.REFUSED_OR_FAILED);
        assertThat(apply.out()).contains("(REFUSED)");
        assertThat(apply.err()).contains("the upgrade plan is refused", "v1.35.9 cannot be reached from v1.36",
                "restore the etcd snapshot");
        assertThat(client.configMaps().inNamespace("kube-system").withName(UpgradeStateStore.DEFAULT_NAME).get())
                .as("nothing recorded").isNull();
    }
}
