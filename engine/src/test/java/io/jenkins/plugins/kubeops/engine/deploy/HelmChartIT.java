package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Helm charts deployed to the real control plane: rendered for its version and API versions, hooks run as Helm runs them. */
@ExtendWith(KubernetesClusterExtension.class)
class HelmChartIT {

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private DeployService service(TestNamespace namespace) {
        namespace.createNode("worker", "16", "64Gi", Map.of());
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        return new DeployService(namespace.client(), Clock.systemUTC());
    }

    private static DeployOptions options() {
        return DeployOptions.defaults("test").withTimeout(Duration.ofSeconds(90)).withLockWait(Duration.ZERO);
    }

    private ReleaseSpec chart(TestNamespace namespace, String... set) {
        return new ReleaseSpec("shop", namespace.name(), new ReleaseSource.HelmChart(HelmCharts.app(dir)), List.of(), List.of(set));
    }

    private static Job job(TestNamespace namespace, String name) {
        return namespace.client().batch().v1().jobs().inNamespace(namespace.name()).withName(name).get();
    }

    private static ConfigMap configMap(TestNamespace namespace, String name) {
        return namespace.client().configMaps().inNamespace(namespace.name()).withName(name).get();
    }

    private static Deployment web(TestNamespace namespace) {
        return namespace.client().apps().deployments().inNamespace(namespace.name()).withName("shop-web").get();
    }

    private int logIndex(String fragment) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError("no progress line contains '" + fragment + "':\n" + String.join("\n", log));
    }

    @Test
    void installsAChartForTheClustersVersionRunningThePreInstallJobBeforeTheReleaseObjects(TestNamespace namespace) {
        DeployService deploy = service(namespace);

        DeployResult install = deploy.deploy(chart(namespace), options(), log::add);

        assertThat(install.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(configMap(namespace, "shop-capabilities").getData())
                .containsEntry("kubeVersion", namespace.client().getKubernetesVersion().getGitVersion())
                .containsEntry("jobs", "true").containsEntry("widgets", "false").containsEntry("flowSchemasBeta", "false");
        Job installDb = job(namespace, "install-db");
        assertThat(installDb.getStatus().getConditions()).anyMatch(c -> "Complete".equals(c.getType()) && "True".equals(c.getStatus()));
        assertThat(Instant.parse(installDb.getStatus().getCompletionTime()))
                .isBeforeOrEqualTo(Instant.parse(web(namespace).getMetadata().getCreationTimestamp()));
        assertThat(logIndex("ran pre-install hook Job/" + namespace.name() + "/install-db"))
                .isLessThan(logIndex("create Deployment/" + namespace.name() + "/shop-web"));
        assertThat(logIndex("running post-install hook Job/" + namespace.name() + "/smoke-test"))
                .isGreaterThan(logIndex("create Deployment/" + namespace.name() + "/shop-web"));
        assertThat(job(namespace, "smoke-test")).as("hook-succeeded deletes the Job").isNull();
        assertThat(job(namespace, "migrate-db")).as("pre-upgrade hooks do not run on install").isNull();
        assertThat(namespace.client().pods().inNamespace(namespace.name()).withName("shop-test-connection").get()).isNull();
        assertThat(log).contains("note: skip test hook Pod/shop-test-connection (helm install skips test hooks too; 'helm test' runs them)");
        assertThat(deploy.history(namespace.name(), "shop").get(0).inventory()).extracting(ObjectRef::name)
                .containsExactlyInAnyOrder("shop-capabilities", "shop-web");
    }

    @Test
    void upgradesRunningPreUpgradeHooksInWeightOrderAndNeverPruningHookObjects(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        deploy.deploy(chart(namespace), options(), log::add);
        String installDbUid = job(namespace, "install-db").getMetadata().getUid();

        DeployResult upgrade = deploy.deploy(chart(namespace, "image=registry.invalid/web:2"), options(), log::add);

        assertThat(upgrade.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(logIndex("running pre-upgrade hook ConfigMap/" + namespace.name() + "/upgrade-marker"))
                .isLessThan(logIndex("running pre-upgrade hook Job/" + namespace.name() + "/migrate-db"));
        assertThat(configMap(namespace, "upgrade-marker").getData()).containsEntry("image", "registry.invalid/web:2");
        assertThat(job(namespace, "migrate-db").getStatus().getSucceeded()).isEqualTo(1);
        assertThat(job(namespace, "install-db").getMetadata().getUid()).as("pre-install hooks do not run again, nor are they pruned")
                .isEqualTo(installDbUid);
        assertThat(upgrade.plan()).noneMatch(line -> line.startsWith("delete "));
        assertThat(web(namespace).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.invalid/web:2");
    }

    @Test
    void aFailingPreInstallHookFailsTheDeployBeforeAnyReleaseObjectExists(TestNamespace namespace) {
        DeployService deploy = service(namespace);

        DeployResult failed = deploy.deploy(chart(namespace, "failOn=pre-install"), options(), log::add);

        assertThat(failed.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.FAILED);
        assertThat(failed.evidence()).anyMatch(line -> line.contains("pre-install hook Job/" + namespace.name() + "/broken-migration failed")
                && line.contains("DeadlineExceeded"));
        assertThat(job(namespace, "install-db")).as("the lower-weight hook ran first").isNotNull();
        assertThat(web(namespace)).isNull();
        assertThat(configMap(namespace, "shop-capabilities")).isNull();
        assertThat(deploy.history(namespace.name(), "shop").get(0).status()).isEqualTo(Revision.Status.FAILED);
    }

    @Test
    void aFailingPreUpgradeHookLeavesTheReleaseAsItWasAndAtomicRollbackRunsRollbackHooks(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        deploy.deploy(chart(namespace), options(), log::add);

        DeployResult failed = deploy.deploy(chart(namespace, "image=registry.invalid/web:2", "failOn=pre-upgrade"),
                options().withAtomic(true), log::add);

        assertThat(failed.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(failed.evidence()).anyMatch(line -> line.contains("pre-upgrade hook Job/" + namespace.name() + "/broken-migration failed"));
        assertThat(web(namespace).getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.invalid/web:1");
        assertThat(configMap(namespace, "rolled-back").getData()).as("the post-rollback hook of the revision rolled back to")
                .containsEntry("image", "registry.invalid/web:1");
    }

    @Test
    void rollbackRunsTheTargetRevisionsRollbackHooks(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        deploy.deploy(chart(namespace), options(), log::add);
        deploy.deploy(chart(namespace, "image=registry.invalid/web:2"), options(), log::add);
        assertThat(configMap(namespace, "rolled-back")).isNull();

        DeployResult rollback = deploy.rollback(namespace.name(), "shop", 1, options(), log::add);

        assertThat(rollback.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(configMap(namespace, "rolled-back").getData()).containsEntry("image", "registry.invalid/web:1");
    }

    @Test
    void seesCustomResourceApisTheClusterServesOnceTheirCrdExists(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        String group = namespace.name() + ".example.com";
        deploy.deploy(chart(namespace, "widgetGroup=" + group), options(), log::add);
        assertThat(configMap(namespace, "shop-capabilities").getData()).containsEntry("widgets", "false");
        namespace.client().resource(ManifestReader.read("crd", """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.%1$s}
                spec:
                  group: %1$s
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object}}}]
                """.formatted(group)).get(0).resource()).create();
        try {
            namespace.client().apiextensions().v1().customResourceDefinitions().withName("widgets." + group).waitUntilCondition(
                    crd -> crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null && crd.getStatus().getConditions().stream()
                            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus())), 30, TimeUnit.SECONDS);

            DeployResult upgrade = deploy.deploy(chart(namespace, "widgetGroup=" + group), options(), log::add);

            assertThat(upgrade.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(configMap(namespace, "shop-capabilities").getData()).containsEntry("widgets", "true");
        } finally {
            namespace.client().apiextensions().v1().customResourceDefinitions().withName("widgets." + group).delete();
        }
    }

    @Test
    void appliesTheChartsCrdsBeforeTheCustomResourcesThatNeedThemAndNeverPrunesThem(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        String group = namespace.name() + ".example.com";
        Path chart = HelmCharts.app(dir);
        HelmCharts.write(chart.resolve("crds/gadgets.yaml"), """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: gadgets.%1$s}
                spec:
                  group: %1$s
                  scope: Namespaced
                  names: {plural: gadgets, singular: gadget, kind: Gadget}
                  versions: [{name: v1, served: true, storage: true, schema: {openAPIV3Schema: {type: object,
                    x-kubernetes-preserve-unknown-fields: true}}}]
                """.formatted(group));
        HelmCharts.write(chart.resolve("templates/gadget.yaml"), """
                apiVersion: %s/v1
                kind: Gadget
                metadata: {name: {{ .Release.Name }}-gadget}
                spec: {size: 3}
                """.formatted(group));
        ReleaseSpec spec = new ReleaseSpec("shop", namespace.name(), new ReleaseSource.HelmChart(chart), List.of(), List.of());
        try {
            DeployResult install = deploy.deploy(spec, options(), log::add);

            assertThat(install.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(log).anyMatch(line -> line.contains("the chart's crds/ files are applied first (crds/gadgets.yaml)"));
            assertThat(namespace.client().genericKubernetesResources(group + "/v1", "Gadget").inNamespace(namespace.name())
                    .withName("shop-gadget").get().getAdditionalProperties()).containsEntry("spec", Map.of("size", 3));
            assertThat(logIndex("CustomResourceDefinition/gadgets." + group)).isLessThan(logIndex("Gadget/" + namespace.name()
                    + "/shop-gadget"));

            java.nio.file.Files.delete(chart.resolve("crds/gadgets.yaml"));
            java.nio.file.Files.delete(chart.resolve("templates/gadget.yaml"));
            DeployResult without = deploy.deploy(spec, options(), log::add);
            assertThat(without.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(namespace.client().apiextensions().v1().customResourceDefinitions().withName("gadgets." + group).get())
                    .as("a CRD left out of the chart is kept, as helm keeps it").isNotNull();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            namespace.client().apiextensions().v1().customResourceDefinitions().withName("gadgets." + group).delete();
        }
    }

    @Test
    void aDryRunPlansTheHooksAndChangesNothing(TestNamespace namespace) {
        DeployService deploy = service(namespace);

        DeployResult plan = deploy.deploy(chart(namespace), options().withDryRun(true), log::add);

        assertThat(plan.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(plan.plan()).contains(
                "run pre-install hook Job/" + namespace.name() + "/install-db (weight 0, delete policy before-hook-creation) before the release objects",
                "run post-install hook Job/" + namespace.name() + "/smoke-test (weight 0, delete policy before-hook-creation,hook-succeeded) after the rollout",
                "create Deployment/" + namespace.name() + "/shop-web");
        assertThat(job(namespace, "install-db")).isNull();
        assertThat(deploy.history(namespace.name(), "shop")).isEmpty();
    }

    @Test
    void refusesAChartWithDeleteHooksNamingThemBeforeChangingAnything(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        Path chart = HelmCharts.app(dir);
        HelmCharts.write(chart.resolve("templates/cleanup.yaml"), """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  name: cleanup
                  annotations: {"helm.sh/hook": pre-delete}
                spec:
                  template: {spec: {restartPolicy: Never, containers: [{name: c, image: busybox}]}}
                """);

        assertThatThrownBy(() -> deploy.deploy(new ReleaseSpec("shop", namespace.name(), new ReleaseSource.HelmChart(chart), List.of(),
                List.of()), options(), log::add))
                .hasMessageContaining("the chart has hooks Kube Ops cannot run as Helm would (1):")
                .hasMessageContaining("Job/cleanup from helm chart " + chart + " (document")
                .hasMessageContaining("pre-delete hook (Kube Ops has no uninstall");
        assertThat(job(namespace, "install-db")).isNull();
        assertThat(deploy.history(namespace.name(), "shop")).isEmpty();
    }

    /** A chart whose pre-install hook is a bare Pod; kwok leaves it alone, so the test plays the pod's outcome. */
    private Path podHookChart(String name) {
        Path chart = dir.resolve(name);
        HelmCharts.write(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: " + name + "\nversion: 0.1.0\n");
        HelmCharts.write(chart.resolve("templates/hook.yaml"), """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: {{ .Release.Name }}-check
                  labels: {kube-ops.test/manual-status: "true"}
                  annotations: {"helm.sh/hook": pre-install}
                spec:
                  restartPolicy: Never
                  containers: [{name: check, image: registry.invalid/check:1}]
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: {{ .Release.Name }}-settings}
                """);
        return chart;
    }

    private Thread finishPod(TestNamespace namespace, String pod, String phase) {
        Thread thread = new Thread(() -> {
            io.jenkins.plugins.kubeops.engine.testing.Waits.until(Instant.now().plusSeconds(60), "hook pod " + pod + " created",
                    () -> namespace.client().pods().inNamespace(namespace.name()).withName(pod).get() != null);
            namespace.client().pods().inNamespace(namespace.name()).withName(pod).editStatus(current -> {
                current.getStatus().setPhase(phase);
                current.getStatus().setReason("Played" + phase);
                return current;
            });
        });
        thread.start();
        return thread;
    }

    @Test
    void waitsForAPodHookToSucceedAndFailsTheDeployWhenItFails(TestNamespace namespace) throws Exception {
        DeployService deploy = service(namespace);
        Thread succeeds = finishPod(namespace, "good-check", "Succeeded");

        DeployResult good = deploy.deploy(new ReleaseSpec("good", namespace.name(), new ReleaseSource.HelmChart(podHookChart("good")),
                List.of(), List.of()), options(), log::add);
        succeeds.join();

        assertThat(good.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(configMap(namespace, "good-settings")).isNotNull();

        Thread fails = finishPod(namespace, "bad-check", "Failed");
        DeployResult bad = deploy.deploy(new ReleaseSpec("bad", namespace.name(), new ReleaseSource.HelmChart(podHookChart("bad")),
                List.of(), List.of()), options(), log::add);
        fails.join();

        assertThat(bad.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.FAILED);
        assertThat(bad.evidence()).anyMatch(line -> line.contains("pre-install hook Pod/" + namespace.name() + "/bad-check failed")
                && line.contains("pod failed (PlayedFailed)"));
        assertThat(configMap(namespace, "bad-settings")).isNull();
    }
}
