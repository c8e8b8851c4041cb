package io.jenkins.plugins.kubeops.engine.canary;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A stand-in judge: each round returns the next scripted verdict for every metric (the last one repeats). */
final class ScriptedAnalysis implements CanaryAnalysis {

    private final List<Verdict> script;
    private final List<AnalysisTargets> seenTargets = new CopyOnWriteArrayList<>();
    private int rounds;

    ScriptedAnalysis(Verdict... script) {
        this.script = List.of(script);
    }

    @Override
    public synchronized AnalysisRound measure(List<MetricSpec> metrics, AnalysisTargets targets, Instant now) {
        seenTargets.add(targets);
        Verdict verdict = script.get(Math.min(rounds++, script.size() - 1));
        List<MetricResult> results = new ArrayList<>();
        for (MetricSpec metric : metrics) {
            results.add(new MetricResult(metric.name(), verdict, verdict == Verdict.FAILED ? "7.5%" : "0.1%",
                    "scripted " + verdict.name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new AnalysisRound(now, results);
    }

    synchronized int rounds() {
        return rounds;
    }

    List<AnalysisTargets> seenTargets() {
        return seenTargets;
    }
}
