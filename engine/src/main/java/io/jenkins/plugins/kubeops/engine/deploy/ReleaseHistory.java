package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The history gateway: each revision is kept in the release's namespace as Secrets of type {@value #TYPE} (RBAC-protected,
 * encrypted at rest where the cluster encrypts Secrets), labelled with release, revision and status so listing needs no
 * decoding. Revisions larger than one chunk continue in {@code <name>.c1}, {@code .c2}, ... Only the newest
 * {@code limit} revisions are kept.
 */
public final class ReleaseHistory {

    public static final String TYPE = "kube-ops.io/release.v1";
    static final String RELEASE_LABEL = "kube-ops.io/release";
    static final String REVISION_LABEL = "kube-ops.io/revision";
    static final String STATUS_LABEL = "kube-ops.io/status";
    static final String CHUNK_LABEL = "kube-ops.io/chunk";
    static final String CHUNKS_ANNOTATION = "kube-ops.io/chunks";

    private final KubernetesClient client;
    private final String namespace;
    private final String release;

    public ReleaseHistory(KubernetesClient client, String namespace, String release) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
    }

    /** All revisions, newest first. */
    public List<Revision> list() {
        List<Revision> revisions = new ArrayList<>();
        for (Secret head : heads()) {
            revisions.add(read(head));
        }
        return revisions;
    }

    public Optional<Revision> get(int number) {
        Secret head = client.secrets().inNamespace(namespace).withName(name(number)).get();
        return head == null ? Optional.empty() : Optional.of(read(head));
    }

    public int nextNumber() {
        return heads().stream().findFirst().map(head -> Integer.parseInt(head.getMetadata().getLabels().get(REVISION_LABEL)) + 1)
                .orElse(1);
    }

    /** Writes (or overwrites) a revision: continuation chunks first, the head last, so a partial write is never listed. */
    public void write(Revision revision) {
        List<byte[]> chunks = RevisionCodec.encode(revision);
        for (int i = 1; i < chunks.size(); i++) {
            put(new SecretBuilder().withNewMetadata().withName(name(revision.number()) + ".c" + i)
                    .addToLabels(RELEASE_LABEL, release).addToLabels(CHUNK_LABEL, Integer.toString(i)).endMetadata()
                    .withType(TYPE).addToData("release", Base64.getEncoder().encodeToString(chunks.get(i))).build());
        }
        put(new SecretBuilder().withNewMetadata().withName(name(revision.number()))
                .addToLabels(RELEASE_LABEL, release).addToLabels(REVISION_LABEL, Integer.toString(revision.number()))
                .addToLabels(STATUS_LABEL, revision.status().name().toLowerCase(Locale.ROOT))
                .addToAnnotations(CHUNKS_ANNOTATION, Integer.toString(chunks.size())).endMetadata()
                .withType(TYPE).addToData("release", Base64.getEncoder().encodeToString(chunks.get(0))).build());
    }

    /** Deletes all but the newest {@code limit} revisions; never the given one (the one in use). */
    public void trim(int limit, int keep) {
        List<Secret> heads = heads();
        for (int i = limit; i < heads.size(); i++) {
            int number = Integer.parseInt(heads.get(i).getMetadata().getLabels().get(REVISION_LABEL));
            if (number != keep) {
                delete(heads.get(i));
            }
        }
    }

    private void delete(Secret head) {
        int chunks = chunks(head);
        for (int i = 1; i < chunks; i++) {
            client.secrets().inNamespace(namespace).withName(head.getMetadata().getName() + ".c" + i).delete();
        }
        client.secrets().inNamespace(namespace).resource(head).delete();
    }

    private void put(Secret secret) {
        client.secrets().inNamespace(namespace).resource(secret).fieldManager(DeployService.FIELD_MANAGER).forceConflicts()
                .serverSideApply();
    }

    private List<Secret> heads() {
        List<Secret> heads = new ArrayList<>(client.secrets().inNamespace(namespace).withLabel(RELEASE_LABEL, release)
                .withLabel(REVISION_LABEL).list().getItems());
        heads.sort(Comparator.comparingInt((Secret s) -> Integer.parseInt(s.getMetadata().getLabels().get(REVISION_LABEL))).reversed());
        return heads;
    }

    private Revision read(Secret head) {
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(Base64.getDecoder().decode(head.getData().get("release")));
        for (int i = 1; i < chunks(head); i++) {
            Secret chunk = client.secrets().inNamespace(namespace).withName(head.getMetadata().getName() + ".c" + i).get();
            if (chunk == null) {
                throw new io.jenkins.plugins.kubeops.engine.common.KubeOpsException("history object " + head.getMetadata().getName()
                        + " misses chunk " + i + ": the revision is damaged; deploy a new revision.");
            }
            chunks.add(Base64.getDecoder().decode(chunk.getData().get("release")));
        }
        return RevisionCodec.decode(chunks);
    }

    private static int chunks(Secret head) {
        String value = head.getMetadata().getAnnotations() == null ? null : head.getMetadata().getAnnotations().get(CHUNKS_ANNOTATION);
        return value == null ? 1 : Integer.parseInt(value);
    }

    String name(int number) {
        return "kube-ops." + release + ".v" + number;
    }
}
