package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code kube-ops canary start | status | promote | abort} against the real control plane. */
@ExtendWith(KubernetesClusterExtension.class)
class CanaryCliIT {

    @TempDir
    Path home;

    private void stableWeb(TestNamespace namespace) {
        CanaryCliFixtures.stableWeb(namespace, 2);
    }

    @Test
    void startsPausesShowsStatusAndPromotes(TestNamespace namespace) throws Exception {
        stableWeb(namespace);
        String kubeconfig = namespace.cluster().kubeconfig().toString();
        Path spec = Files.writeString(home.resolve("canary.yaml"), """
                target: {deployment: web}
                images: {web: registry.invalid/web:2}
                steps:
                  - setWeight: 50
                  - pause: {}
                """);

        CliRun start = CliRun.run(home, "canary", "start", "-f", spec.toString(), "-n", namespace.name(), "--kubeconfig", kubeconfig);
        assertThat(start.exitCode()).as(start.err()).isZero();
        assertThat(start.err()).contains("step 1 of 2: weight 50% — pods stable 1, canary 1").contains("paused: step 2 of 2: paused "
                + "until promoted (weight 50%): promote to continue, abort to roll back (kube-ops canary promote|abort web -n "
                + namespace.name() + ")");
        assertThat(start.out()).contains("canary of " + namespace.name() + "/web: paused at step 2 of 2, weight 50%")
                .contains("pods: stable 1, canary 1");

        CliRun status = CliRun.run(home, "canary", "status", "web", "-n", namespace.name(), "--kubeconfig", kubeconfig);
        assertThat(status.exitCode()).isZero();
        assertThat(status.out()).contains("paused at step 2 of 2, weight 50%").contains("router: replica ratio");

        CliRun promote = CliRun.run(home, "canary", "promote", "web", "-n", namespace.name(), "--kubeconfig", kubeconfig);
        assertThat(promote.exitCode()).as(promote.err()).isZero();
        assertThat(promote.err()).contains("promoted: " + namespace.name() + "/web runs web=registry.invalid/web:2");
        assertThat(promote.out()).contains("promoted at step 2 of 2, weight 0%").contains("pods: stable 2, canary 0");
        assertThat(namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.invalid/web:2");
    }

    @Test
    void resumeFinishesTheJobAfterTheCliWasKilledMidCanary(TestNamespace namespace) throws Exception {
        stableWeb(namespace);
        String kubeconfig = namespace.cluster().kubeconfig().toString();
        Path spec = Files.writeString(home.resolve("canary.yaml"), """
                target: {deployment: web}
                images: {web: registry.invalid/web:2}
                steps:
                  - setWeight: 50
                  - pause: {duration: 20s}
                  - setWeight: 100
                """);
        Path log = home.resolve("killed.log");
        Process cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), KubeOpsCli.class.getName(), "canary", "start", "-f", spec.toString(),
                "-n", namespace.name(), "--kubeconfig", kubeconfig).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            Waits.until(Instant.now().plusSeconds(120), "the CLI's canary in its pause", () -> {
                ConfigMap state = namespace.client().configMaps().inNamespace(namespace.name()).withName("kube-ops-canary-web").get();
                return state != null && "1".equals(state.getData().get("stepIndex"));
            });
        } finally {
            cli.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no clean-up, its lease is left to expire
        }
        assertThat(Files.readString(log)).contains("step 1 of 3: weight 50%");
        assertThat(namespace.client().leases().inNamespace(namespace.name()).withName("kube-ops-canary-web").get())
                .as("the killed CLI's lease").isNotNull();

        CliRun resume = CliRun.run(home, "canary", "resume", "web", "-n", namespace.name(), "--kubeconfig", kubeconfig);

        assertThat(resume.exitCode()).as(resume.err()).isZero();
        assertThat(resume.err()).contains("resuming the canary of " + namespace.name() + "/web: progressing at step 2 of 3, "
                + "weight 50%").contains("step 3 of 3: weight 100% — pods stable 0, canary 2").contains("promoted: ");
        assertThat(namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.invalid/web:2");
    }

    @Test
    void abortsAPausedCanaryAndRejectsABadSpecNamingTheField(TestNamespace namespace) throws Exception {
        stableWeb(namespace);
        String kubeconfig = namespace.cluster().kubeconfig().toString();
        Path bad = Files.writeString(home.resolve("bad.yaml"), """
                target: {deployment: web}
                images: {web: registry.invalid/web:2}
                steps: [{setWeight: 150}]
                """);
        CliRun rejected = CliRun.run(home, "canary", "start", "-f", bad.toString(), "-n", namespace.name(), "--kubeconfig", kubeconfig);
        assertThat(rejected.exitCode()).isEqualTo(1);
        assertThat(rejected.err()).contains("steps[0].setWeight: '150' is not a weight: use a whole number of percent from 0 to 100");

        Path spec = Files.writeString(home.resolve("canary.yaml"), """
                target: {deployment: web}
                images: {web: registry.invalid/web:2}
                steps: [{setWeight: 50}, {pause: {}}]
                """);
        assertThat(CliRun.run(home, "canary", "start", "-f", spec.toString(), "-n", namespace.name(), "--kubeconfig", kubeconfig)
                .exitCode()).isZero();

        CliRun abort = CliRun.run(home, "canary", "abort", "web", "-n", namespace.name(), "--reason", "latency too high",
                "--kubeconfig", kubeconfig);

        assertThat(abort.exitCode()).as(abort.err()).isZero();
        assertThat(abort.out()).contains("aborted at step 2 of 2, weight 0%").contains("outcome: latency too high").contains("pods: stable 2, canary 0");
        assertThat(namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get().getSpec()
                .getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.invalid/web:1");
    }
}
