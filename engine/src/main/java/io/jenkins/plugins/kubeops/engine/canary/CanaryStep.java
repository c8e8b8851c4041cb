package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** One step of a canary: shift traffic, wait (for a while or for a person), or judge the canary. */
public sealed interface CanaryStep {

    /** Human-readable form for progress lines and status, e.g. "setWeight 20", "pause 2m", "pause (until promoted)". */
    String describe();

    /** Sends {@code percent} of the traffic to the canary. */
    record SetWeight(int percent) implements CanaryStep {
        @Override
        public String describe() {
            return "setWeight " + percent;
        }
    }

    /** Waits {@code duration}; without one, waits until a person promotes (continues) or aborts. */
    record Pause(Optional<Duration> duration) implements CanaryStep {
        public Pause {
            Objects.requireNonNull(duration, "duration");
        }

        public boolean untilPromoted() {
            return duration.isEmpty();
        }

        @Override
        public String describe() {
            return duration.map(d -> "pause " + CanarySpec.format(d)).orElse("pause (until promoted)");
        }
    }

    /** Judges the canary in {@code settings.count()} rounds, {@code settings.interval()} apart. */
    record Analysis(CanaryAnalysisSettings settings) implements CanaryStep {
        public Analysis {
            Objects.requireNonNull(settings, "settings");
        }

        @Override
        public String describe() {
            return "analysis " + settings.count() + " x " + CanarySpec.format(settings.interval()) + " ("
                    + settings.metrics().size() + " metrics)";
        }
    }
}
