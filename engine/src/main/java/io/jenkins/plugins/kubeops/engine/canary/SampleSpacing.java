package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Keeps a comparison's samples independent, as the Mann-Whitney U test assumes. A sample whose rate window is longer than the
 * sample step shares requests with its neighbours: a 3-second window every second makes three samples out of one slow
 * second, and the test then finds "significant" differences in pure noise (the benchmark's first judge failed a quarter of
 * healthy canaries that way). So only samples at least one window apart are compared. Pure.
 *
 * @param window the longest range selector in the sample query (its rate window), or the step when it has none
 * @param step the distance between samples asked of Prometheus
 */
public record SampleSpacing(Duration window, Duration step) {

    public SampleSpacing {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(step, "step");
    }

    /** The spacing of the rendered sample query {@code promql} taken every {@code step}. */
    public static SampleSpacing of(String promql, Duration step) {
        return new SampleSpacing(MetricQuery.longestRange(promql).orElse(step), step);
    }

    public boolean overlapping() {
        return window.compareTo(step) > 0;
    }

    /** The samples, oldest first, without those whose window overlaps a later kept one's. */
    public List<PrometheusSeries.Sample> independent(List<PrometheusSeries.Sample> samples) {
        if (!overlapping()) {
            return samples;
        }
        List<PrometheusSeries.Sample> kept = new ArrayList<>();
        for (int i = samples.size() - 1; i >= 0; i--) {
            PrometheusSeries.Sample sample = samples.get(i);
            if (kept.isEmpty() || !sample.at().isAfter(kept.get(kept.size() - 1).at().minus(window))) {
                kept.add(sample);
            }
        }
        Collections.reverse(kept);
        return kept;
    }

    /** Says why fewer samples are compared than were taken; empty when the windows do not overlap. */
    public String note() {
        return overlapping() ? "only samples " + MetricQuery.duration(window) + " apart compared: rate windows of "
                + MetricQuery.duration(window) + " every " + MetricQuery.duration(step) + " share requests; make the "
                + "window no longer than step" : "";
    }
}
