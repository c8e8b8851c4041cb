package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Writes a canary's outcome into the history of the release that deploys its Deployment, under the release's lock so it
 * never interleaves with a deploy. The decisions are {@link CanaryRevisions}'.
 */
public final class ReleaseCanaryHistory {

    /** How long a canary's record waits for a deploy of the same release to finish. */
    static final Duration LOCK_WAIT = Duration.ofMinutes(5);

    private final KubernetesClient client;
    private final String namespace;
    private final String release;
    private final Clock clock;

    public ReleaseCanaryHistory(KubernetesClient client, String namespace, String release, Clock clock) {
        this.client = client;
        this.namespace = namespace;
        this.release = release;
        this.clock = clock;
    }

    /** Fails, naming the fix, unless the release's deployed revision owns the Deployment. */
    public Revision check(String deployment) {
        return CanaryRevisions.owning(new ReleaseHistory(client, namespace, release).list(), release, namespace, deployment);
    }

    public void recordPromotion(String deployment, Map<String, String> images, Instant canaryStarted, String holder,
                                Progress progress) {
        record(deployment, images, canaryStarted, List.of(), holder, progress);
    }

    public void recordAbort(String deployment, Map<String, String> images, Instant canaryStarted, List<String> evidence,
                            String holder, Progress progress) {
        record(deployment, images, canaryStarted, evidence, holder, progress);
    }

    private void record(String deployment, Map<String, String> images, Instant canaryStarted, List<String> evidence,
                        String holder, Progress progress) {
        boolean promoted = evidence.isEmpty();
        try (ReleaseLock lock = ReleaseLock.acquire(client, namespace, release, holder, LOCK_WAIT, clock, progress::say)) {
            ReleaseHistory history = new ReleaseHistory(client, namespace, release);
            List<Revision> revisions = history.list();
            String description = CanaryRevisions.description(deployment, images, canaryStarted);
            if (CanaryRevisions.recorded(revisions, description)) {
                return;
            }
            Revision deployed = CanaryRevisions.owning(revisions, release, namespace, deployment);
            int number = history.nextNumber();
            Instant now = clock.instant();
            if (promoted) {
                history.write(CanaryRevisions.promoted(deployed, number, deployment, images, description, now));
                history.write(deployed.withStatus(Revision.Status.SUPERSEDED, now));
            } else {
                history.write(CanaryRevisions.aborted(deployed, number, deployment, images, description, evidence, now));
            }
            progress.say("release " + release + " revision " + number + ": " + (promoted ? "deployed (the promoted canary)"
                    : "failed (the aborted canary, with its analysis as evidence)"));
        }
    }
}
