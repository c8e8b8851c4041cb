package io.jenkins.plugins.kubeops.engine.canary;

import static io.jenkins.plugins.kubeops.engine.canary.CanaryFixtures.image;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.canary.CanaryState.Phase;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import io.jenkins.plugins.kubeops.engine.deploy.DeployService;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseHistory;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSource;
import io.jenkins.plugins.kubeops.engine.deploy.ReleaseSpec;
import io.jenkins.plugins.kubeops.engine.deploy.Revision;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A canary of a Deployment that a release of the deploy engine owns: the release's history records the outcome, a promotion
 * as a deployed revision whose manifest runs the new image, an abort as a failed revision with the analysis as evidence.
 */
@ExtendWith(KubernetesClusterExtension.class)
class CanaryOfReleaseIT {

    @TempDir
    Path dir;

    private final List<String> log = new CopyOnWriteArrayList<>();

    private static final String STEPS = """
            steps:
              - setWeight: 50
              - analysis: {interval: 1s, count: 2, metrics: [{name: error-rate, template: success-rate}]}
            """;

    /** Release "shop" deploys Deployment web (web:1, 2 replicas) and its Service, as revision 1. */
    private void deployRelease(TestNamespace namespace) throws IOException {
        namespace.createNode("worker", "16", "64Gi", Map.of());
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        Path manifests = Files.writeString(dir.resolve("web.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - {name: web, image: registry.invalid/web:1}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                """);
        DeployResult result = new DeployService(namespace.client(), Clock.systemUTC()).deploy(new ReleaseSpec("shop",
                namespace.name(), new ReleaseSource.ManifestFiles(List.of(manifests)), List.of(), List.of()),
                DeployOptions.defaults("test").withTimeout(Duration.ofSeconds(60)), log::add);
        assertThat(result.outcome()).as(String.join("\n", log)).isEqualTo(DeployResult.Outcome.DEPLOYED);
    }

    private static CanarySpec spec(TestNamespace namespace, String release) {
        return CanarySpecParser.fromYaml("spec.yaml", "target: {deployment: web, release: " + release + "}\n"
                + "images: {web: registry.invalid/web:2}\n" + STEPS, Optional.of(namespace.name()));
    }

    private static List<Revision> history(TestNamespace namespace) {
        return new ReleaseHistory(namespace.client(), namespace.name(), "shop").list();
    }

    @Test
    void aPromotedCanaryBecomesTheReleasesDeployedRevisionWithTheNewImage(TestNamespace namespace) throws IOException {
        deployRelease(namespace);

        CanaryService.Report report = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL),
                Clock.systemUTC()).start(spec(namespace, "shop"), "test", log::add);

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.PROMOTED);
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:2");
        List<Revision> revisions = history(namespace);
        assertThat(revisions).extracting(Revision::number, Revision::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Revision.Status.DEPLOYED),
                        org.assertj.core.groups.Tuple.tuple(1, Revision.Status.SUPERSEDED));
        assertThat(revisions.get(0).description()).startsWith("canary of web [web=registry.invalid/web:2] started ")
                .endsWith(": promoted from revision 1");
        assertThat(revisions.get(0).manifest()).contains("registry.invalid/web:2").doesNotContain("web:1");
        assertThat(revisions.get(0).inventory()).isEqualTo(revisions.get(1).inventory());
        assertThat(log).contains("release shop revision 2: deployed (the promoted canary)");
    }

    @Test
    void anAbortedCanaryIsAFailedRevisionWithItsAnalysisAndTheOldRevisionStillRuns(TestNamespace namespace)
            throws IOException {
        deployRelease(namespace);

        CanaryService.Report report = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.FAILED),
                Clock.systemUTC()).start(spec(namespace, "shop"), "test", log::add);

        assertThat(report.state().phase()).as(String.join("\n", log)).isEqualTo(Phase.ABORTED);
        assertThat(image(namespace, "web")).isEqualTo("registry.invalid/web:1");
        List<Revision> revisions = history(namespace);
        assertThat(revisions).extracting(Revision::number, Revision::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(2, Revision.Status.FAILED),
                        org.assertj.core.groups.Tuple.tuple(1, Revision.Status.DEPLOYED));
        assertThat(revisions.get(0).description()).endsWith(": aborted, revision 1 still runs");
        assertThat(revisions.get(0).evidence().get(0)).startsWith("aborted: step 2 analysis failed: error-rate failed");
        assertThat(revisions.get(0).evidence()).anyMatch(line -> line.contains("error-rate 7.5% failed"));
    }

    @Test
    void aCanaryOfAReleaseThatDoesNotOwnTheDeploymentIsRefusedBeforeAnythingChanges(TestNamespace namespace)
            throws IOException {
        deployRelease(namespace);
        CanaryService service = new CanaryService(namespace.client(), new ScriptedAnalysis(Verdict.SUCCESSFUL),
                Clock.systemUTC());

        assertThatThrownBy(() -> service.start(spec(namespace, "payments"), "test", log::add))
                .isInstanceOf(KubeOpsException.class)
                .hasMessage("release payments in " + namespace.name() + " has no deployed revision: deploy it first, or leave "
                        + "target.release out to canary the Deployment alone.");
        assertThat(CanaryFixtures.deployment(namespace, "web-canary")).isNull();
        assertThat(service.status(namespace.name(), "web")).isEmpty();
    }
}
