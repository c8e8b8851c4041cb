package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops pools rank} against the real control plane. */
@ExtendWith(KubernetesClusterExtension.class)
class PoolsRankIT {

    @TempDir
    Path home;

    @Test
    void printsEveryMemberWithItsHeadroomOrWhyItCannotTakeTheAgent(TestNamespace namespace) throws Exception {
        String ns = namespace.name();
        namespace.createNode("small", "4", "16Gi", Map.of("kube-ops.test/pool", ns + "-small"));
        namespace.createNode("large", "32", "128Gi", Map.of("kube-ops.test/pool", ns + "-large"));
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        Path pools = Files.writeString(home.resolve("pools.yaml"), """
                pools:
                - name: linux
                  labels: [maven]
                  members:
                  - namespace: %1$s
                    nodeSelector: {kube-ops.test/pool: %1$s-small}
                  - namespace: %1$s
                    nodeSelector: {kube-ops.test/pool: %1$s-large}
                  - namespace: maintenance
                    nodeSelector: {kube-ops.test/pool: %1$s-large}
                    maxAgents: 5
                    state: paused
                """.formatted(ns));

        CliRun run = CliRun.run(home, "pools", "rank", "--kubeconfig", namespace.cluster().kubeconfig().toString(),
                "--pools", pools.toString(), "--label", "maven", "--cpu", "2", "--memory", "4Gi");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Pool linux (labels: maven), agent requesting 2 CPU / 4 GiB")
                .containsPattern("1 +current/" + ns + "/kube-ops.test/pool=" + ns + "-large +0 +0% +0% +0\\+0 +94% CPU free")
                .containsPattern("2 +current/" + ns + "/kube-ops.test/pool=" + ns + "-small +0 +0% +0% +0\\+0 +50% CPU free")
                .containsPattern("- +current/maintenance/kube-ops.test/pool=" + ns + "-large.* +paused")
                .contains("chose current/" + ns + "/kube-ops.test/pool=" + ns + "-large: 94% CPU free vs 50% CPU on");
    }

    @Test
    void namesThePoolsFileProblems(TestNamespace namespace) throws Exception {
        Path pools = Files.writeString(home.resolve("pools.yaml"), "pools:\n- name: x\n  labels: [a]\n  members: [{namespace: BAD}]\n");

        CliRun run = CliRun.run(home, "pools", "rank", "--kubeconfig", namespace.cluster().kubeconfig().toString(),
                "--pools", pools.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("pools[0].members[0].namespace: Namespace 'BAD' is invalid");
    }
}
