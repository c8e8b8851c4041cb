package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanaryRevisionsTest {

    private static final Instant STARTED = Instant.parse("2026-12-07T17:00:00Z");
    private static final String MANIFEST = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: registry.invalid/web:1}
                  - {name: proxy, image: registry.invalid/proxy:7}
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: worker, namespace: shop}
            spec:
              template:
                spec:
                  containers:
                  - {name: web, image: registry.invalid/worker:1}
            """;

    private static Revision revision(int number, Revision.Status status) {
        return new Revision("shop-app", number, status, STARTED, "upgrade", "sha256:v",
                List.of(new ObjectRef("apps/v1", "Deployment", "shop", "web"),
                        new ObjectRef("apps/v1", "Deployment", "shop", "worker")), MANIFEST, List.of());
    }

    @Test
    void theDeployedRevisionOwningTheDeploymentIsWhereTheCanaryStarts() {
        List<Revision> revisions = List.of(revision(3, Revision.Status.FAILED), revision(2, Revision.Status.DEPLOYED),
                revision(1, Revision.Status.SUPERSEDED));
        assertThat(CanaryRevisions.owning(revisions, "shop-app", "shop", "web").number()).isEqualTo(2);
    }

    @Test
    void aReleaseWithoutADeployedRevisionOrNotOwningTheDeploymentIsRefusedNamingTheFix() {
        assertThatThrownBy(() -> CanaryRevisions.owning(List.of(revision(1, Revision.Status.FAILED)), "shop-app", "shop", "web"))
                .isInstanceOf(KubeOpsException.class).hasMessage("release shop-app in shop has no deployed revision (newest: 1, "
                        + "failed): deploy it first, or leave target.release out to canary the Deployment alone.");
        assertThatThrownBy(() -> CanaryRevisions.owning(List.of(revision(1, Revision.Status.DEPLOYED)), "shop-app", "shop",
                "api")).isInstanceOf(KubeOpsException.class).hasMessage("release shop-app revision 1 does not own Deployment "
                        + "shop/api (its Deployments: [web, worker]): name the release that deploys it in target.release.");
    }

    @Test
    void aPromotionIsADeployedRevisionRunningTheNewImagesOfThatDeploymentOnly() {
        String description = CanaryRevisions.description("web", Map.of("web", "registry.invalid/web:2"), STARTED);
        Revision promoted = CanaryRevisions.promoted(revision(2, Revision.Status.DEPLOYED), 3, "web",
                Map.of("web", "registry.invalid/web:2"), description, STARTED.plusSeconds(600));
        assertThat(promoted.status()).isEqualTo(Revision.Status.DEPLOYED);
        assertThat(promoted.number()).isEqualTo(3);
        assertThat(promoted.description()).isEqualTo("canary of web [web=registry.invalid/web:2] started "
                + "2026-12-07T17:00:00Z: promoted from revision 2");
        assertThat(promoted.manifest()).contains("registry.invalid/web:2").contains("registry.invalid/proxy:7")
                .contains("registry.invalid/worker:1").doesNotContain("registry.invalid/web:1");
        assertThat(promoted.inventory()).hasSize(2);
        assertThat(promoted.evidence()).isEmpty();
    }

    @Test
    void anAbortIsAFailedRevisionWithItsEvidenceAndIsRecognisedWhenRecordedAgain() {
        String description = CanaryRevisions.description("web", Map.of("web", "registry.invalid/web:2"), STARTED);
        Revision aborted = CanaryRevisions.aborted(revision(2, Revision.Status.DEPLOYED), 3, "web",
                Map.of("web", "registry.invalid/web:2"), description, List.of("aborted: error rate 7.5%"), STARTED);
        assertThat(aborted.status()).isEqualTo(Revision.Status.FAILED);
        assertThat(aborted.description()).endsWith(": aborted, revision 2 still runs");
        assertThat(aborted.evidence()).containsExactly("aborted: error rate 7.5%");
        assertThat(CanaryRevisions.recorded(List.of(aborted, revision(2, Revision.Status.DEPLOYED)), description)).isTrue();
        assertThat(CanaryRevisions.recorded(List.of(revision(2, Revision.Status.DEPLOYED)), description)).isFalse();
    }
}
