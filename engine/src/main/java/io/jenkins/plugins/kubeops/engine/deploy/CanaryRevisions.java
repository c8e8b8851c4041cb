package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The release history's view of a canary of one of its Deployments: which revision the canary starts from, and the revision a
 * promotion or an abort adds to the history, so that the history says what runs (and a later rollback knows it) and keeps
 * a failed canary with its evidence, as it keeps a failed deploy. Pure: revisions in, revisions out.
 */
public final class CanaryRevisions {

    private CanaryRevisions() {
    }

    /** The deployed revision that owns the Deployment, or an error naming the release and the fix. */
    public static Revision owning(List<Revision> revisions, String release, String namespace, String deployment) {
        Revision deployed = revisions.stream().filter(r -> r.status() == Revision.Status.DEPLOYED).findFirst()
                .orElseThrow(() -> new KubeOpsException("release " + release + " in " + namespace + " has no deployed "
                        + "revision" + (revisions.isEmpty() ? "" : " (newest: " + revisions.get(0).number() + ", "
                        + revisions.get(0).status().name().toLowerCase(java.util.Locale.ROOT) + ")") + ": deploy it first, "
                        + "or leave target.release out to canary the Deployment alone."));
        boolean owns = deployed.inventory().stream().anyMatch(ref -> ref.kind().equals("Deployment")
                && ref.name().equals(deployment) && (ref.namespace().isEmpty() || ref.namespace().equals(namespace)));
        if (!owns) {
            throw new KubeOpsException("release " + release + " revision " + deployed.number() + " does not own Deployment "
                    + namespace + "/" + deployment + " (its Deployments: " + deployed.inventory().stream()
                    .filter(ref -> ref.kind().equals("Deployment")).map(ObjectRef::name).toList() + "): name the release "
                    + "that deploys it in target.release.");
        }
        return deployed;
    }

    /** What a canary's revision says, the same for its promotion and its abort, so a retried record is recognised. */
    public static String description(String deployment, Map<String, String> images, Instant canaryStarted) {
        return "canary of " + deployment + " " + images.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .toList() + " started " + canaryStarted;
    }

    /** Whether the history already holds this canary's outcome (a resumed canary records it once). */
    public static boolean recorded(List<Revision> revisions, String description) {
        return revisions.stream().anyMatch(r -> r.description().startsWith(description));
    }

    /** The promoted revision: the deployed one's objects with the Deployment's containers on the new images. */
    public static Revision promoted(Revision deployed, int number, String deployment, Map<String, String> images,
                                    String description, Instant at) {
        return new Revision(deployed.release(), number, Revision.Status.DEPLOYED, at, description + ": promoted from revision "
                + deployed.number(), deployed.valuesDigest(), deployed.inventory(), withImages(deployed, deployment, images),
                List.of(), deployed.hooks());
    }

    /** The aborted canary as a failed revision with its evidence; the deployed revision stays what runs. */
    public static Revision aborted(Revision deployed, int number, String deployment, Map<String, String> images,
                                   String description, List<String> evidence, Instant at) {
        return new Revision(deployed.release(), number, Revision.Status.FAILED, at, description + ": aborted, revision "
                + deployed.number() + " still runs", deployed.valuesDigest(), deployed.inventory(),
                withImages(deployed, deployment, images), evidence, deployed.hooks());
    }

    @SuppressWarnings("unchecked")
    static String withImages(Revision revision, String deployment, Map<String, String> images) {
        List<Manifest> manifests = new ArrayList<>(ManifestReader.read("revision " + revision.number(), revision.manifest()));
        for (Manifest manifest : manifests) {
            if (!"Deployment".equals(manifest.kind()) || !deployment.equals(manifest.name())) {
                continue;
            }
            Object containers = Optional.ofNullable(manifest.resource().getAdditionalProperties().get("spec"))
                    .map(spec -> ((Map<String, Object>) spec).get("template"))
                    .map(template -> ((Map<String, Object>) template).get("spec"))
                    .map(podSpec -> ((Map<String, Object>) podSpec).get("containers")).orElse(List.of());
            for (Object container : (List<Object>) containers) {
                Map<String, Object> fields = (Map<String, Object>) container;
                String image = images.get(String.valueOf(fields.get("name")));
                if (image != null) {
                    fields.put("image", image);
                }
            }
        }
        return RevisionCodec.manifest(manifests);
    }
}
