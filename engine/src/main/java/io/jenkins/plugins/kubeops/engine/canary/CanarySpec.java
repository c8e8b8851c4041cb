package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A canary of one Deployment: the new images, the steps that shift traffic and judge the canary, the router that shifts it,
 * and whether a baseline (the old version, as freshly started as the canary) runs next to it for the judge.
 *
 * @param images              new image per container name
 * @param background          analysis that runs across steps, from a step on, until promotion
 * @param abortScaleDownDelay how long the canary keeps running after its traffic went back to stable (for debugging)
 * @param rolloutTimeout      how long pods may take to become available (each weight change, the promotion)
 * @param document            the spec as read (maps, lists, scalars), kept with the canary's state so resume needs no file
 * @param release             the deploy engine's release that owns the Deployment: its history records the canary's outcome
 */
public record CanarySpec(String namespace, String deployment, Map<String, String> images, List<CanaryStep> steps,
                         Optional<BackgroundAnalysis> background, RouterSpec router, boolean baseline,
                         Duration abortScaleDownDelay, Duration rolloutTimeout, Map<String, Object> document,
                         Optional<String> release) {

    public static final Duration DEFAULT_ABORT_SCALE_DOWN_DELAY = Duration.ofSeconds(30);
    public static final Duration DEFAULT_ROLLOUT_TIMEOUT = Duration.ofMinutes(10);

    /** Analysis across steps, starting at step {@code startingStep} (0-based). */
    public record BackgroundAnalysis(int startingStep, CanaryAnalysisSettings settings) {
        public BackgroundAnalysis {
            Objects.requireNonNull(settings, "settings");
        }
    }

    public CanarySpec {
        images = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(images));
        steps = List.copyOf(steps);
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(abortScaleDownDelay, "abortScaleDownDelay");
        Objects.requireNonNull(rolloutTimeout, "rolloutTimeout");
        document = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(document));
        Objects.requireNonNull(release, "release");
    }

    /** A canary of a Deployment that no release of the deploy engine owns. */
    public CanarySpec(String namespace, String deployment, Map<String, String> images, List<CanaryStep> steps,
                      Optional<BackgroundAnalysis> background, RouterSpec router, boolean baseline,
                      Duration abortScaleDownDelay, Duration rolloutTimeout, Map<String, Object> document) {
        this(namespace, deployment, images, steps, background, router, baseline, abortScaleDownDelay, rolloutTimeout, document,
                Optional.empty());
    }

    /** Name of the canary Deployment (and, for traffic routers, the default canary Service). */
    public String canaryName() {
        return deployment + "-canary";
    }

    public String baselineName() {
        return deployment + "-baseline";
    }

    /** "shop/web" */
    public String target() {
        return namespace + "/" + deployment;
    }

    /** Analyses the judge compares against a baseline need one; without baseline the canary is compared with stable. */
    public boolean hasAnalysis() {
        return background.isPresent() || steps.stream().anyMatch(step -> step instanceof CanaryStep.Analysis);
    }

    /** "1h30m", "2m", "45s", as durations are written in specs. */
    static String format(Duration duration) {
        long seconds = Math.max(0, duration.getSeconds());
        if (seconds == 0) {
            return "0s";
        }
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
