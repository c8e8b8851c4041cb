package io.jenkins.plugins.kubeops.engine.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a deploy or rollback did.
 *
 * @param revision    the revision recorded (for a rolled-back failure: the failed one; see {@code rolledBackTo})
 * @param plan        one line per object: create / change (with fields) / unchanged / delete / keep
 * @param evidence    why it failed: workloads, pod reasons, the API server's refusal
 * @param rolledBackTo the revision an atomic rollback restored, or 0
 */
public record DeployResult(String release, String namespace, int revision, Outcome outcome, List<String> plan,
                           List<String> evidence, int rolledBackTo) {

    public enum Outcome { PLANNED, DEPLOYED, FAILED, ROLLED_BACK }

    public DeployResult {
        plan = List.copyOf(plan);
        evidence = List.copyOf(evidence);
    }

    public boolean succeeded() {
        return outcome == Outcome.PLANNED || outcome == Outcome.DEPLOYED;
    }

    /** Plain values with stable keys: the CLI's JSON output and the kubeDeploy step's return value. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("release", release);
        map.put("namespace", namespace);
        map.put("revision", revision);
        map.put("status", outcome.name().toLowerCase(java.util.Locale.ROOT));
        map.put("plan", plan);
        map.put("evidence", evidence);
        map.put("rolledBackTo", rolledBackTo);
        return map;
    }
}
