package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * When a workload has rolled out, is still rolling out, or has failed — the rules kubectl rollout status uses, extended to
 * Jobs. Pure: reads the object's generation, spec and status.
 */
public final class RolloutRules {

    public static final Set<String> WATCHED_KINDS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

    public enum Phase { DONE, WAITING, FAILED }

    /** @param message for WAITING and FAILED, what is missing ("2 of 3 updated replicas available") */
    public record State(Phase phase, String message) {
        static State done() {
            return new State(Phase.DONE, "");
        }

        static State waiting(String message) {
            return new State(Phase.WAITING, message);
        }

        static State failed(String message) {
            return new State(Phase.FAILED, message);
        }
    }

    private RolloutRules() {
    }

    public static State evaluate(GenericKubernetesResource workload) {
        Map<String, Object> spec = map(workload.getAdditionalProperties().get("spec"));
        Map<String, Object> status = map(workload.getAdditionalProperties().get("status"));
        long generation = workload.getMetadata().getGeneration() == null ? 0 : workload.getMetadata().getGeneration();
        switch (workload.getKind()) {
            case "Job":
                return job(status);
            case "Deployment":
                return observed(generation, status) ? deployment(spec, status) : State.waiting("waiting for the controller to see the new spec");
            case "StatefulSet":
                return observed(generation, status) ? statefulSet(spec, status) : State.waiting("waiting for the controller to see the new spec");
            case "DaemonSet":
                return observed(generation, status) ? daemonSet(spec, status) : State.waiting("waiting for the controller to see the new spec");
            default:
                return State.done();
        }
    }

    /**
     * When a chart hook has finished, as Helm waits for hooks: a Job until it completes, a Pod until it succeeded; anything
     * else as soon as it exists. A failed Job or Pod fails the hook.
     */
    public static State hookCompletion(GenericKubernetesResource hook) {
        Map<String, Object> status = map(hook.getAdditionalProperties().get("status"));
        switch (hook.getKind()) {
            case "Job":
                return job(status);
            case "Pod":
                Object phase = status.get("phase");
                if ("Succeeded".equals(phase)) {
                    return State.done();
                }
                if ("Failed".equals(phase)) {
                    return State.failed("pod failed" + (status.get("reason") == null ? "" : " (" + status.get("reason") + ")")
                            + (status.get("message") == null ? "" : ": " + status.get("message")));
                }
                return State.waiting("pod " + (phase == null ? "not started yet" : phase.toString().toLowerCase(java.util.Locale.ROOT)));
            default:
                return State.done();
        }
    }

    private static State deployment(Map<String, Object> spec, Map<String, Object> status) {
        Map<String, Object> progressing = condition(status, "Progressing");
        if ("False".equals(progressing.get("status")) && "ProgressDeadlineExceeded".equals(progressing.get("reason"))) {
            return State.failed("progress deadline exceeded: " + progressing.getOrDefault("message", ""));
        }
        if (Boolean.TRUE.equals(spec.get("paused"))) {
            return State.waiting("the deployment is paused");
        }
        long desired = number(spec.get("replicas"), 1);
        long updated = number(status.get("updatedReplicas"), 0);
        long total = number(status.get("replicas"), 0);
        long available = number(status.get("availableReplicas"), 0);
        if (updated < desired) {
            return State.waiting(updated + " of " + desired + " replicas updated");
        }
        if (total > updated) {
            return State.waiting((total - updated) + " old replicas pending termination");
        }
        if (available < updated) {
            return State.waiting(available + " of " + updated + " updated replicas available");
        }
        return State.done();
    }

    private static State statefulSet(Map<String, Object> spec, Map<String, Object> status) {
        Map<String, Object> strategy = map(spec.get("updateStrategy"));
        if ("OnDelete".equals(strategy.get("type"))) {
            return State.done(); // pods change only when someone deletes them: nothing to wait for
        }
        long desired = number(spec.get("replicas"), 1);
        long ready = number(status.get("readyReplicas"), 0);
        long updated = number(status.get("updatedReplicas"), 0);
        if (ready < desired) {
            return State.waiting(ready + " of " + desired + " pods ready");
        }
        long partition = number(map(strategy.get("rollingUpdate")).get("partition"), 0);
        if (partition > 0) {
            return updated >= desired - partition ? State.done()
                    : State.waiting(updated + " of " + (desired - partition) + " pods updated (partition " + partition + ")");
        }
        if (!String.valueOf(status.get("updateRevision")).equals(String.valueOf(status.get("currentRevision")))) {
            return State.waiting(updated + " of " + desired + " pods updated");
        }
        return State.done();
    }

    private static State daemonSet(Map<String, Object> spec, Map<String, Object> status) {
        if ("OnDelete".equals(map(spec.get("updateStrategy")).get("type"))) {
            return State.done();
        }
        long desired = number(status.get("desiredNumberScheduled"), 0);
        long updated = number(status.get("updatedNumberScheduled"), 0);
        long available = number(status.get("numberAvailable"), 0);
        if (updated < desired) {
            return State.waiting(updated + " of " + desired + " pods updated");
        }
        if (available < desired) {
            return State.waiting(available + " of " + desired + " updated pods available");
        }
        return State.done();
    }

    private static State job(Map<String, Object> status) {
        Map<String, Object> failed = condition(status, "Failed");
        if (!"True".equals(failed.get("status"))) {
            // Since Kubernetes 1.31 the controller marks its decision at once and adds Failed only when the pods have
            // terminated; the decision is final, so waiting for stragglers would only delay the failure.
            failed = condition(status, "FailureTarget");
        }
        if ("True".equals(failed.get("status"))) {
            return State.failed("job failed (" + failed.getOrDefault("reason", "") + "): " + failed.getOrDefault("message", ""));
        }
        if ("True".equals(condition(status, "Complete").get("status"))) {
            return State.done();
        }
        return State.waiting(number(status.get("succeeded"), 0) + " succeeded, " + number(status.get("active"), 0) + " running");
    }

    private static boolean observed(long generation, Map<String, Object> status) {
        return number(status.get("observedGeneration"), -1) >= generation;
    }

    private static Map<String, Object> condition(Map<String, Object> status, String type) {
        if (status.get("conditions") instanceof List<?> conditions) {
            for (Object condition : conditions) {
                if (condition instanceof Map<?, ?> map && type.equals(map.get("type"))) {
                    return Values.asMap(map);
                }
            }
        }
        return Map.of();
    }

    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? Values.asMap(map) : Map.of();
    }

    static long number(Object value, long otherwise) {
        return value instanceof Number number ? number.longValue() : otherwise;
    }
}
