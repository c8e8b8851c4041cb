package io.jenkins.plugins.kubeops.engine.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Pure deploy pieces: order, prune plan, diff, pod evidence, the history codec. */
class DeployPureTest {

    private static Manifest manifest(String kind, String name) {
        return ManifestReader.read("t.yaml", "apiVersion: v1\nkind: " + kind + "\nmetadata: {name: " + name + "}\n").get(0);
    }

    @Test
    void appliesDependenciesFirstCustomResourcesAfterWorkloadsAndWebhooksLast() {
        List<String> kinds = List.of("ValidatingWebhookConfiguration", "Ingress", "Widget", "Deployment", "Service", "ConfigMap",
                "ServiceAccount", "Namespace", "CustomResourceDefinition", "HorizontalPodAutoscaler");
        List<String> sorted = kinds.stream().sorted(java.util.Comparator.comparingInt(ApplyOrder::rank)).toList();
        assertThat(sorted).containsExactly("CustomResourceDefinition", "Namespace", "ServiceAccount", "ConfigMap", "Service",
                "Deployment", "Widget", "HorizontalPodAutoscaler", "Ingress", "ValidatingWebhookConfiguration");
    }

    @Test
    void appliesKindsThatDoNotNeedEachOtherInOneWaveAndStartsANewWaveWhereOneDoes() {
        assertThat(List.of("RoleBinding", "Secret", "ConfigMap", "PersistentVolumeClaim", "Service", "NetworkPolicy"))
                .extracting(ApplyOrder::wave).containsOnly(ApplyOrder.wave("Secret"));
        assertThat(ApplyOrder.wave("CustomResourceDefinition")).isLessThan(ApplyOrder.wave("Namespace"));
        assertThat(ApplyOrder.wave("Namespace")).isLessThan(ApplyOrder.wave("ResourceQuota"));
        assertThat(ApplyOrder.wave("ServiceAccount")).isLessThan(ApplyOrder.wave("Secret"));
        assertThat(ApplyOrder.wave("Role")).isLessThan(ApplyOrder.wave("RoleBinding"));
        assertThat(ApplyOrder.wave("ClusterRole")).isLessThan(ApplyOrder.wave("ClusterRoleBinding"));
        assertThat(ApplyOrder.wave("IngressClass")).isLessThan(ApplyOrder.wave("Ingress"));
        assertThat(ApplyOrder.wave("ConfigMap")).isLessThan(ApplyOrder.wave("Deployment"));
        assertThat(ApplyOrder.wave("Deployment")).isEqualTo(ApplyOrder.wave("StatefulSet")).isEqualTo(ApplyOrder.wave("Pod"));
        assertThat(List.of("Widget", "HorizontalPodAutoscaler", "Ingress", "HTTPRoute")).extracting(ApplyOrder::wave)
                .containsOnly(ApplyOrder.wave("Deployment") + 1);
        assertThat(ApplyOrder.wave("ValidatingWebhookConfiguration")).isGreaterThan(ApplyOrder.wave("Ingress"));
        assertThat(ApplyOrder.wave("ValidatingAdmissionPolicyBinding"))
                .isGreaterThan(ApplyOrder.wave("ValidatingAdmissionPolicy"));
    }

    @Test
    void prunesWhatThePreviousRevisionOwnedInReverseOrderAndKeepsProtectedKinds() {
        ObjectRef deployment = new ObjectRef("apps/v1", "Deployment", "a", "web");
        ObjectRef config = new ObjectRef("v1", "ConfigMap", "a", "cfg");
        ObjectRef namespace = new ObjectRef("v1", "Namespace", "", "a");
        ObjectRef claim = new ObjectRef("v1", "PersistentVolumeClaim", "a", "data");
        ObjectRef kept = new ObjectRef("apps/v1", "Deployment", "a", "api");

        PrunePlan.Result result = PrunePlan.plan(List.of(config, deployment, namespace, claim, kept),
                List.of(new ObjectRef("apps/v1beta2", "Deployment", "a", "api")), Set.of("PersistentVolumeClaim"));

        assertThat(result.delete()).containsExactly(deployment, claim, config);
        assertThat(result.kept()).containsExactly(namespace);
    }

    @Test
    void diffsFieldsAndHidesSecretValues() {
        GenericKubernetesResource live = Flow.parse("{apiVersion: v1, kind: Secret, metadata: {name: s, resourceVersion: '1', "
                + "managedFields: [{}]}, data: {a: b2xk, same: eA==}, type: Opaque}", GenericKubernetesResource.class);
        GenericKubernetesResource applied = Flow.parse("{apiVersion: v1, kind: Secret, metadata: {name: s, resourceVersion: '2'}, "
                + "data: {a: bmV3, same: eA==, added: eQ==}, type: kubernetes.io/tls}", GenericKubernetesResource.class);

        assertThat(ObjectDiff.between(live, applied)).containsExactly("data.a: (hidden) -> (hidden)", "data.added: (none) -> (hidden)",
                "type: \"Opaque\" -> \"kubernetes.io/tls\"");
    }

    @Test
    void explainsWhyPodsAreNotReady() {
        List<Pod> pods = List.of(
                Flow.parse("{metadata: {name: a, labels: {app: w}}, status: {phase: Pending, conditions: [{type: PodScheduled, "
                        + "status: 'False', reason: Unschedulable, message: '0/3 nodes are available: 3 Insufficient cpu.'}]}}", Pod.class),
                Flow.parse("{metadata: {name: b, labels: {app: w}}, status: {phase: Pending, containerStatuses: [{name: web, "
                        + "ready: false, restartCount: 0, image: x, imageID: '', state: {waiting: {reason: ImagePullBackOff, "
                        + "message: 'Back-off pulling image \"x\"'}}}]}}", Pod.class),
                Flow.parse("{metadata: {name: c, labels: {app: w}}, status: {phase: Running, conditions: [{type: Ready, "
                        + "status: 'True'}]}}", Pod.class),
                Flow.parse("{metadata: {name: d, labels: {app: other}}, status: {phase: Pending}}", Pod.class));

        assertThat(PodEvidence.explain(pods, Map.of("app", "w"))).containsExactly(
                "pod a: unschedulable: 0/3 nodes are available: 3 Insufficient cpu.",
                "pod b: container web ImagePullBackOff (Back-off pulling image \"x\")");
    }

    @Test
    void storesRevisionsCompressedInChunksWithoutSecretValues() {
        Manifest secret = ManifestReader.read("s.yaml", "apiVersion: v1\nkind: Secret\nmetadata: {name: db}\nstringData: {password: hunter2}\n").get(0);
        byte[] noise = new byte[3 * RevisionCodec.CHUNK_BYTES];
        new Random(7).nextBytes(noise);
        String big = java.util.Base64.getEncoder().encodeToString(noise);
        Manifest config = ManifestReader.read("c.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata: {blob: " + big + "}\n").get(0);
        Revision revision = new Revision("web", 4, Revision.Status.DEPLOYED, Instant.parse("2026-11-21T12:00:00Z"), "upgrade", "sha256:x",
                List.of(ObjectRef.of(secret), ObjectRef.of(config)), RevisionCodec.manifest(List.of(secret, config)), List.of("e"));

        List<byte[]> chunks = RevisionCodec.encode(revision);

        assertThat(chunks.size()).isGreaterThan(3);
        assertThat(chunks).allMatch(chunk -> chunk.length <= RevisionCodec.CHUNK_BYTES);
        Revision decoded = RevisionCodec.decode(chunks);
        assertThat(decoded).isEqualTo(revision);
        assertThat(decoded.manifest()).doesNotContain("hunter2").contains("password: \"sha256:");
    }

    @Test
    void refusesAReleaseTooLargeToRecord() {
        byte[] noise = new byte[RevisionCodec.MAX_CHUNKS * RevisionCodec.CHUNK_BYTES];
        new Random(1).nextBytes(noise);
        Revision huge = new Revision("web", 1, Revision.Status.PENDING, Instant.EPOCH, "install", "", List.of(),
                java.util.Base64.getEncoder().encodeToString(noise), List.of());
        assertThatThrownBy(() -> RevisionCodec.encode(huge)).hasMessageContaining("release web is too large to record");
    }
}
