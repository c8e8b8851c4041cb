package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.canary.AnalysisTargets.Role;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.stream.Collectors;

/**
 * Measures a canary's metrics in Prometheus and judges them: a threshold metric by the canary's instant value at the end of
 * the round, a comparison by the canary's and the reference's (baseline, else stable) samples over the last interval, one
 * every {@link MetricDefinition#sampleStep} (a tenth of the interval unless the metric sets {@code step}), thinned to
 * independent ones by {@link SampleSpacing}, plus, when the query's window follows {@code {{step}}}, each version's value
 * over the whole interval, from which the judge reads the size of a difference. Anything that keeps a metric from being
 * measured — Prometheus down, an HTTP error,
 * a query matching no series or several — becomes an {@link Verdict#ERROR} result with the reason, never an exception.
 */
public final class PrometheusCanaryAnalysis implements CanaryAnalysis {

    private final PrometheusClient prometheus;
    private final Duration lookback;

    /** @param lookback how far back comparisons take samples: the analysis interval */
    public PrometheusCanaryAnalysis(PrometheusClient prometheus, Duration lookback) {
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.lookback = Objects.requireNonNull(lookback, "lookback");
    }

    @Override
    public AnalysisRound measure(List<MetricSpec> metrics, AnalysisTargets targets, Instant now) {
        return measure(metrics, targets, now, lookback);
    }

    /** One round with an explicit lookback, for analyses whose interval differs from this instance's. */
    @Override
    public AnalysisRound measure(List<MetricSpec> metrics, AnalysisTargets targets, Instant now, Duration interval) {
        List<MetricResult> results = new ArrayList<>();
        for (MetricSpec metric : metrics) {
            MetricDefinition definition;
            try {
                definition = metric.definition();
            } catch (KubeOpsException e) {
                results.add(MetricResult.error(metric.name(), e.getMessage()));
                continue;
            }
            results.add(measure(definition, targets, now, interval));
        }
        return new AnalysisRound(now, results);
    }

    public MetricResult measure(MetricDefinition metric, AnalysisTargets targets, Instant now, Duration interval) {
        try {
            if (metric.judge() == MetricDefinition.Judging.THRESHOLD) {
                String query = MetricQuery.render(metric.query(), targets, Role.CANARY, interval, interval);
                PrometheusSeries series = single(prometheus.query(query, now), query, Role.CANARY);
                return Judge.threshold(metric, series.samples().get(0).value());
            }
            Role reference = targets.reference();
            Duration step = metric.sampleStep(interval);
            SampleSpacing spacing = SampleSpacing.of(MetricQuery.render(metric.query(), targets, Role.CANARY, step,
                    interval), step);
            List<PrometheusSeries.Sample> canary = samples(metric, targets, Role.CANARY, now, interval, spacing);
            List<PrometheusSeries.Sample> baseline = samples(metric, targets, reference, now, interval, spacing);
            Judge.IntervalValues overInterval = MetricQuery.usesStep(metric.query())
                    ? new Judge.IntervalValues(overInterval(metric, targets, Role.CANARY, now, interval),
                            overInterval(metric, targets, reference, now, interval), spacing.note())
                    : new Judge.IntervalValues(OptionalDouble.empty(), OptionalDouble.empty(), spacing.note());
            // One range query per version with the same start, end and step: the samples share their instants unless a
            // series has gaps, and then they are compared as wholes.
            boolean sameInstants = canary.stream().map(PrometheusSeries.Sample::at).toList()
                    .equals(baseline.stream().map(PrometheusSeries.Sample::at).toList());
            return sameInstants ? Judge.comparePaired(metric, values(canary), values(baseline), overInterval)
                    : Judge.compare(metric, values(canary), values(baseline), overInterval);
        } catch (KubeOpsException e) {
            return MetricResult.error(metric.name(), e.getMessage());
        }
    }

    private static double[] values(List<PrometheusSeries.Sample> samples) {
        return samples.stream().mapToDouble(PrometheusSeries.Sample::value).toArray();
    }

    private List<PrometheusSeries.Sample> samples(MetricDefinition metric, AnalysisTargets targets, Role role, Instant now, Duration interval,
                             SampleSpacing spacing) {
        String query = MetricQuery.render(metric.query(), targets, role, spacing.step(), interval);
        // The first sample sits one step after the start, so that no sample reaches into the previous interval.
        Instant start = now.minus(interval).plus(spacing.step());
        if (start.isAfter(now)) {
            start = now;
        }
        List<PrometheusSeries.Sample> samples = single(prometheus.queryRange(query, start, now, spacing.step()), query,
                role).samples();
        return spacing.independent(samples);
    }

    /** The metric with the whole interval as its window: the value a dashboard shows for the interval. */
    private OptionalDouble overInterval(MetricDefinition metric, AnalysisTargets targets, Role role, Instant now,
                                        Duration interval) {
        String query = MetricQuery.render(metric.query(), targets, role, interval, interval);
        return OptionalDouble.of(single(prometheus.query(query, now), query, role).samples().get(0).value());
    }

    private PrometheusSeries single(List<PrometheusSeries> result, String query, Role role) {
        if (result.isEmpty()) {
            throw new KubeOpsException("no data for the " + role.text() + ": query '" + query + "' matched no series "
                    + "(is the workload scraped, do its labels match, and does each rate window hold two scrapes?)");
        }
        if (result.size() > 1) {
            throw new KubeOpsException("query '" + query + "' for the " + role.text() + " returned " + result.size()
                    + " series (" + result.stream().limit(3).map(s -> s.labels().toString())
                    .collect(Collectors.joining(", ")) + "): aggregate it to one, e.g. with sum(...)");
        }
        return result.get(0);
    }
}
