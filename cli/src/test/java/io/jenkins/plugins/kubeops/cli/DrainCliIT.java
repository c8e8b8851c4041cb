package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import io.jenkins.plugins.kubeops.engine.upgrade.NodeCordon;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops drain} and {@code kube-ops uncordon} against the real control plane. */
@ExtendWith(KubernetesClusterExtension.class)
class DrainCliIT {

    @TempDir
    Path home;

    @Test
    void drainRefusesAnUnmanagedPodWithoutForceEvictsItWithForceAndUncordonGivesTheNodeBack(TestNamespace ns) {
        String node = ns.createNode("n", "4", "8Gi", Map.of()).getMetadata().getName();
        ns.awaitNodesReady(Duration.ofSeconds(60));
        ns.client().pods().inNamespace(ns.name()).resource(new PodBuilder().withNewMetadata().withName("debug").endMetadata()
                .withNewSpec().withNodeName(node).withTerminationGracePeriodSeconds(0L).addNewContainer().withName("app")
                .withImage("registry.invalid/app:1").withNewResources().addToRequests("cpu", new Quantity("10m")).endResources()
                .endContainer().endSpec().build()).create();
        Waits.until(Instant.now().plusSeconds(30), "debug pod running", () -> "Running".equals(
                ns.client().pods().inNamespace(ns.name()).withName("debug").get().getStatus().getPhase()));
        String kubeconfig = ns.cluster().kubeconfig().toString();

        CliRun refused = CliRun.run(home, "drain", node, "--kubeconfig", kubeconfig, "--timeout", "60s");

        assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
        assertThat(refused.out()).contains("node " + node + ": refused").contains(ns.name() + "/debug need force (--force)");
        assertThat(NodeCordon.isCordoned(ns.client().nodes().withName(node).get())).isFalse();

        CliRun forced = CliRun.run(home, "drain", node, "--kubeconfig", kubeconfig, "--timeout", "60s", "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("node " + node + ": drained in").contains("(1 pods gone)");
        assertThat(forced.err()).contains("drain " + node + ": node " + node + " cordoned")
                .contains("evicting pods no controller will re-create: " + ns.name() + "/debug");
        assertThat(ns.client().pods().inNamespace(ns.name()).withName("debug").get()).isNull();
        assertThat(NodeCordon.mark(ns.client().nodes().withName(node).get())).isEqualTo("kube-ops-drain");

        CliRun otherOperation = CliRun.run(home, "uncordon", node, "--kubeconfig", kubeconfig, "--operation", "someone-else");
        CliRun uncordoned = CliRun.run(home, "uncordon", node, "--kubeconfig", kubeconfig);

        assertThat(otherOperation.out()).contains("is cordoned by operation 'kube-ops-drain': left cordoned");
        assertThat(uncordoned.exitCode()).isZero();
        assertThat(uncordoned.out()).contains("node " + node + " uncordoned");
        assertThat(NodeCordon.isCordoned(ns.client().nodes().withName(node).get())).isFalse();
    }
}
