package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * An ordered upgrade of one cluster to one version, as {@link UpgradePlanner} made it. A refused plan (a failed pre-flight
 * check or a broken skew rule at any step) is printed but never run.
 *
 * @param from          the control plane's version when planned (its oldest kube-apiserver)
 * @param statesChecked how many cluster states the skew policy judged: the start, one after every component move, the end
 */
public record UpgradePlan(KubeVersion from, KubeVersion target, List<UpgradeStep> steps, List<PreflightCheck> preflight,
                          List<StepViolation> violations, List<String> notes, int statesChecked,
                          Optional<MaintenanceWindow> window) {

    /** A skew rule broken at one point of the plan ("at the start", "after control plane pass 1/2 on node cp-1", ...). */
    public record StepViolation(String at, SkewViolation violation) {
        public String describe() {
            return at + ": " + violation.describe();
        }
    }

    public UpgradePlan {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(target, "target");
        steps = List.copyOf(steps);
        preflight = List.copyOf(preflight);
        violations = List.copyOf(violations);
        notes = List.copyOf(notes);
        Objects.requireNonNull(window, "window");
    }

    public boolean refused() {
        return !violations.isEmpty() || preflight.stream().anyMatch(c -> c.status() == PreflightCheck.Status.FAILED);
    }

    /** Why the plan is refused, one reason a line; empty for a plan that may run. */
    public String refusal() {
        return java.util.stream.Stream.concat(
                preflight.stream().filter(c -> c.status() == PreflightCheck.Status.FAILED).map(c -> c.name() + ": " + c.detail()),
                violations.stream().map(StepViolation::describe)).collect(Collectors.joining("\n"));
    }

    /** The nodes the plan upgrades, in order. */
    public List<String> nodes() {
        return steps.stream().filter(UpgradeStep.NodeRoll.class::isInstance)
                .flatMap(s -> ((UpgradeStep.NodeRoll) s).nodes().stream()).toList();
    }
}
