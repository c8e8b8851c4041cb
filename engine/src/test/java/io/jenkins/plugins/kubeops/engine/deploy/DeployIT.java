package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Deploys against the real control plane: server-side apply, controllers rolling out, kwok running the pods. */
@ExtendWith(KubernetesClusterExtension.class)
class DeployIT {

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private DeployService service(TestNamespace namespace) {
        namespace.createNode("worker", "16", "64Gi", Map.of());
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        return new DeployService(namespace.client(), Clock.systemUTC());
    }

    private static DeployOptions options() {
        return DeployOptions.defaults("test").withTimeout(Duration.ofSeconds(60)).withLockWait(Duration.ZERO);
    }

    @Test
    void installsUpgradesAndPrunesWhatTheNewRevisionNoLongerHas(TestNamespace namespace) {
        DeployService deploy = service(namespace);

        DeployResult install = deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "1", true, null)), options(), log::add);
        assertThat(install.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(install.revision()).isEqualTo(1);
        assertThat(install.plan()).containsExactlyInAnyOrder("create Deployment/" + namespace.name() + "/web",
                "create Service/" + namespace.name() + "/web", "create ConfigMap/" + namespace.name() + "/web-config");
        Deployment web = namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get();
        assertThat(web.getStatus().getAvailableReplicas()).isEqualTo(2);

        DeployResult upgrade = deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "2", false, null)), options(), log::add);

        assertThat(upgrade.outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(upgrade.plan()).contains("delete ConfigMap/" + namespace.name() + "/web-config (no longer in the release)",
                "unchanged Service/" + namespace.name() + "/web");
        assertThat(upgrade.plan()).anyMatch(line -> line.startsWith("change Deployment/" + namespace.name() + "/web: ")
                && line.contains("spec.template.spec.containers[0].image: \"registry.invalid/web:1\" -> \"registry.invalid/web:2\""));
        assertThat(namespace.client().configMaps().inNamespace(namespace.name()).withName("web-config").get()).isNull();
        assertThat(deploy.history(namespace.name(), "web")).extracting(Revision::number, Revision::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Revision.Status.DEPLOYED),
                        org.assertj.core.groups.Tuple.tuple(1, Revision.Status.SUPERSEDED));
    }

    @Test
    void planOnlyChangesNothing(TestNamespace namespace) {
        DeployService deploy = service(namespace);

        DeployResult plan = deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "1", true, null)),
                options().withDryRun(true), log::add);

        assertThat(plan.outcome()).isEqualTo(DeployResult.Outcome.PLANNED);
        assertThat(plan.plan()).hasSize(3);
        assertThat(namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get()).isNull();
        assertThat(deploy.history(namespace.name(), "web")).isEmpty();
    }

    @Test
    void keepsANamespaceItNoLongerRendersUnlessAllowed(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        String extra = namespace.name() + "-extra";
        Path withNamespace = Releases.write(dir, "ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + extra + "}\n"
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
        Path without = Releases.write(dir, "cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n");
        try {
            assertThat(deploy.deploy(Releases.spec("infra", namespace.name(), withNamespace), options(), log::add).outcome())
                    .isEqualTo(DeployResult.Outcome.DEPLOYED);

            DeployResult second = deploy.deploy(Releases.spec("infra", namespace.name(), without), options(), log::add);

            assertThat(second.plan()).contains("keep Namespace/" + extra
                    + " (no longer in the release, but Namespace is only pruned when allowed: CLI --allow-prune Namespace, step allowPrune: ['Namespace'])");
            assertThat(namespace.client().namespaces().withName(extra).get().getMetadata().getDeletionTimestamp()).isNull();

            DeployResult allowed = deploy.deploy(Releases.spec("infra", namespace.name(), without),
                    options().withAllowedPrunes(Set.of("Namespace")), log::add);
            assertThat(allowed.plan()).contains("delete Namespace/" + extra + " (no longer in the release)");
        } finally {
            namespace.client().namespaces().withName(extra).delete();
        }
    }

    @Test
    void refusesAnEmptyRenderThatWouldDeleteEverything(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        deploy.deploy(Releases.spec("cfg", namespace.name(), Releases.write(dir, "a.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")), options(), log::add);

        assertThatThrownBy(() -> deploy.deploy(Releases.spec("cfg", namespace.name(), Releases.write(dir, "empty.yaml", "# nothing\n")),
                options(), log::add)).hasMessageContaining("the release rendered no objects, which would delete all 1 objects it owns");
        assertThat(namespace.client().configMaps().inNamespace(namespace.name()).withName("a").get()).isNotNull();
    }

    @Test
    void appliesACrdAndItsCustomResourcesInOneRelease(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        String group = namespace.name() + ".example.com";
        Path release = Releases.write(dir, "crd.yaml", """
                apiVersion: %1$s/v1
                kind: Widget
                metadata: {name: first}
                spec: {size: 3}
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.%1$s}
                spec:
                  group: %1$s
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec: {type: object, properties: {size: {type: integer}}}
                """.formatted(group));
        try {
            DeployResult result = deploy.deploy(Releases.spec("widgets", namespace.name(), release), options(), log::add);

            assertThat(result.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
            assertThat(result.plan()).contains("create Widget/" + namespace.name() + "/first");
            assertThat(namespace.client().genericKubernetesResources(group + "/v1", "Widget").inNamespace(namespace.name())
                    .withName("first").get().getAdditionalProperties().get("spec")).isEqualTo(Map.of("size", 3));
        } finally {
            namespace.client().apiextensions().v1().customResourceDefinitions().withName("widgets." + group).delete();
        }
    }

    @Test
    void leavesReplicasToTheAutoscaler(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        Path hpa = Releases.write(dir, "hpa.yaml", """
                apiVersion: autoscaling/v2
                kind: HorizontalPodAutoscaler
                metadata: {name: web}
                spec:
                  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
                  minReplicas: 1
                  maxReplicas: 10
                  metrics: [{type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}}]
                """);
        deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "1", false, null), hpa), options(), log::add);
        // What the autoscaler would do:
        namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").scale(4);

        DeployResult upgrade = deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "2", false, null), hpa), options(), log::add);

        assertThat(upgrade.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get().getSpec().getReplicas())
                .isEqualTo(4);
    }

    @Test
    void rollsBackAFailedRolloutAtomicallyAndKeepsTheEvidence(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "1", false, null)), options(), log::add);

        // kwok leaves pods with this label alone: they never become ready, so the rollout exceeds its progress deadline.
        DeployResult broken = deploy.deploy(Releases.spec("web", namespace.name(),
                Releases.web(dir, "2", false, "kube-ops.test/manual-status: \"true\"")), options().withAtomic(true), log::add);

        assertThat(broken.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.ROLLED_BACK);
        assertThat(broken.revision()).isEqualTo(2);
        assertThat(broken.rolledBackTo()).isEqualTo(1);
        assertThat(broken.evidence()).anyMatch(line -> line.contains("Deployment/web: progress deadline exceeded"));
        List<Revision> history = deploy.history(namespace.name(), "web");
        assertThat(history).extracting(Revision::number, Revision::status).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, Revision.Status.DEPLOYED),
                org.assertj.core.groups.Tuple.tuple(2, Revision.Status.FAILED),
                org.assertj.core.groups.Tuple.tuple(1, Revision.Status.SUPERSEDED));
        assertThat(history.get(0).description()).isEqualTo("atomic rollback to 1 after failure of 2");
        assertThat(history.get(1).evidence()).anyMatch(line -> line.contains("progress deadline exceeded"));
        Deployment web = namespace.client().apps().deployments().inNamespace(namespace.name()).withName("web").get();
        assertThat(web.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("registry.invalid/web:1");
    }

    @Test
    void rollsBackToAChosenRevisionAsANewRevision(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "1", true, null)), options(), log::add);
        deploy.deploy(Releases.spec("web", namespace.name(), Releases.web(dir, "2", false, null)), options(), log::add);

        DeployResult rollback = deploy.rollback(namespace.name(), "web", 1, options(), log::add);

        assertThat(rollback.outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(rollback.revision()).isEqualTo(3);
        assertThat(namespace.client().configMaps().inNamespace(namespace.name()).withName("web-config").get().getData())
                .containsEntry("version", "1");
        assertThat(deploy.history(namespace.name(), "web").get(0).description()).isEqualTo("rollback to 1");
        assertThatThrownBy(() -> deploy.rollback(namespace.name(), "web", 9, options(), log::add))
                .hasMessageContaining("has no revision 9: use one of [3, 2, 1]");
    }

    @Test
    void serializesConcurrentDeploysOfOneRelease(TestNamespace namespace) throws Exception {
        DeployService deploy = service(namespace);
        ReleaseSpec spec = Releases.spec("cfg", namespace.name(), Releases.write(dir, "a.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"));
        try (ReleaseLock held = ReleaseLock.acquire(namespace.client(), namespace.name(), "cfg", "build other#7", Duration.ZERO,
                Clock.systemUTC(), log::add)) {
            assertThatThrownBy(() -> deploy.deploy(spec, options(), log::add))
                    .hasMessageContaining("release cfg in " + namespace.name() + " is being deployed by 'build other#7'");
        }

        ReleaseLock held = ReleaseLock.acquire(namespace.client(), namespace.name(), "cfg", "build other#8", Duration.ZERO,
                Clock.systemUTC(), log::add);
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            held.close();
        });
        release.start();
        DeployResult queued = deploy.deploy(spec, options().withLockWait(Duration.ofSeconds(20)), log::add);
        release.join();

        assertThat(queued.outcome()).isEqualTo(DeployResult.Outcome.DEPLOYED);
        assertThat(log).contains("waiting for 'build other#8', which is deploying release cfg ...");
    }

    @Test
    void marksARevisionLeftPendingByAnInterruptedDeployAsFailed(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        ReleaseSpec spec = Releases.spec("cfg", namespace.name(), Releases.write(dir, "a.yaml",
                "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"));
        deploy.deploy(spec, options(), log::add);
        // What a deploy that died after recording its revision leaves behind:
        new ReleaseHistory(namespace.client(), namespace.name(), "cfg").write(new Revision("cfg", 2, Revision.Status.PENDING,
                java.time.Instant.now(), "upgrade", "sha256:x", List.of(), "", List.of()));

        DeployResult next = deploy.deploy(spec, options(), log::add);

        assertThat(next.revision()).isEqualTo(3);
        Revision interrupted = deploy.history(namespace.name(), "cfg").get(1);
        assertThat(interrupted.status()).isEqualTo(Revision.Status.FAILED);
        assertThat(interrupted.evidence()).singleElement().asString().startsWith("interrupted: the deploy stopped before it finished");
    }

    @Test
    void namesAnUnknownKindAndWhereItWasWritten(TestNamespace namespace) {
        DeployService deploy = service(namespace);
        Path bad = Releases.write(dir, "bad.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\n---\n"
                + "apiVersion: example.invalid/v1\nkind: Gadget\nmetadata: {name: g}\n");

        assertThatThrownBy(() -> deploy.deploy(Releases.spec("bad", namespace.name(), bad), options(), log::add))
                .hasMessageContaining("bad.yaml (document 2, line 5): kind Gadget (apiVersion example.invalid/v1) is not served");
        assertThat(namespace.client().configMaps().inNamespace(namespace.name()).withName("ok").get()).isNull();
    }
}
