package io.jenkins.plugins.kubeops.engine.upgrade;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * An upgrade's progress as kept in the cluster (ConfigMap kube-system/kube-ops-upgrade), so that pause, resume and abort work
 * from any machine and after the process that ran it died. Immutable; each change is a new value written with optimistic
 * concurrency.
 *
 * @param operationId    identifies this upgrade; also the value of the cordon annotation on the nodes it cordons
 * @param nextStep       index of the first step not finished yet
 * @param doneNodes      nodes upgraded, verified and uncordoned
 * @param currentNodes   nodes whose upgrade started and is not verified yet: never uncordoned automatically
 * @param cordonedByUs   nodes this upgrade cordoned and has not uncordoned yet
 * @param pauseRequested set by {@code pause}: the run stops before its next step
 * @param abortRequested set by {@code abort} while a run holds the lock: the run stops and cleans up
 * @param snapshot       the verified etcd snapshot taken before the control plane (its description)
 * @param message        the last failure or decision, for {@code status}
 * @param nodeSelector   the nodes the upgrade covers (the health gates look at those)
 */
public record UpgradeState(String operationId, Status status, KubeVersion from, KubeVersion target, List<UpgradeStep> steps,
                           String planText, Optional<MaintenanceWindow> window, int nextStep, List<String> doneNodes,
                           List<String> currentNodes, List<String> cordonedByUs, boolean pauseRequested,
                           boolean abortRequested, Optional<String> snapshot, String message, Instant started, Instant updated,
                           Map<String, String> nodeSelector) {

    public enum Status {
        RUNNING, PAUSED, FAILED, ABORTED, SUCCEEDED;

        /** An upgrade in this status has work left: a new one is refused until it is resumed or aborted. */
        public boolean unfinished() {
            return this == RUNNING || this == PAUSED || this == FAILED;
        }
    }

    public UpgradeState {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(target, "target");
        steps = List.copyOf(steps);
        Objects.requireNonNull(planText, "planText");
        Objects.requireNonNull(window, "window");
        doneNodes = distinct(doneNodes);
        currentNodes = distinct(currentNodes);
        cordonedByUs = distinct(cordonedByUs);
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(updated, "updated");
        nodeSelector = Map.copyOf(nodeSelector);
    }

    public static UpgradeState start(String operationId, UpgradePlan plan, String planText, Map<String, String> nodeSelector,
                                     Instant now) {
        return new UpgradeState(operationId, Status.RUNNING, plan.from(), plan.target(), plan.steps(), planText, plan.window(),
                0, List.of(), List.of(), List.of(), false, false, Optional.empty(), "", now, now, nodeSelector);
    }

    public Optional<UpgradeStep> currentStep() {
        return nextStep < steps.size() ? Optional.of(steps.get(nextStep)) : Optional.empty();
    }

    public UpgradeState withStatus(Status value, String why) {
        return new UpgradeState(operationId, value, from, target, steps, planText, window, nextStep, doneNodes, currentNodes,
                cordonedByUs, value == Status.PAUSED ? false : pauseRequested, value == Status.ABORTED ? false : abortRequested,
                snapshot, why, started, updated, nodeSelector);
    }

    public UpgradeState withNextStep(int value) {
        return new UpgradeState(operationId, status, from, target, steps, planText, window, value, doneNodes, currentNodes,
                cordonedByUs, pauseRequested, abortRequested, snapshot, message, started, updated, nodeSelector);
    }

    public UpgradeState withRequests(boolean pause, boolean abort) {
        return new UpgradeState(operationId, status, from, target, steps, planText, window, nextStep, doneNodes, currentNodes,
                cordonedByUs, pause, abort, snapshot, message, started, updated, nodeSelector);
    }

    public UpgradeState withSnapshot(String description) {
        return new UpgradeState(operationId, status, from, target, steps, planText, window, nextStep, doneNodes, currentNodes,
                cordonedByUs, pauseRequested, abortRequested, Optional.of(description), message, started, updated, nodeSelector);
    }

    public UpgradeState cordoned(List<String> nodes) {
        return withNodes(UnaryOperator.identity(), UnaryOperator.identity(), list -> plus(list, nodes));
    }

    public UpgradeState uncordoned(String node) {
        return withNodes(UnaryOperator.identity(), UnaryOperator.identity(), list -> minus(list, node));
    }

    public UpgradeState nodeStarted(String node) {
        return withNodes(UnaryOperator.identity(), list -> plus(list, List.of(node)), UnaryOperator.identity());
    }

    /** The node reached the target and is Ready; it was uncordoned. */
    public UpgradeState nodeDone(String node) {
        return withNodes(list -> plus(list, List.of(node)), list -> minus(list, node), list -> minus(list, node));
    }

    public UpgradeState at(Instant now) {
        return new UpgradeState(operationId, status, from, target, steps, planText, window, nextStep, doneNodes, currentNodes,
                cordonedByUs, pauseRequested, abortRequested, snapshot, message, started, now, nodeSelector);
    }

    private UpgradeState withNodes(UnaryOperator<List<String>> done, UnaryOperator<List<String>> current,
                                   UnaryOperator<List<String>> cordoned) {
        return new UpgradeState(operationId, status, from, target, steps, planText, window, nextStep, done.apply(doneNodes),
                current.apply(currentNodes), cordoned.apply(cordonedByUs), pauseRequested, abortRequested, snapshot, message,
                started, updated, nodeSelector);
    }

    private static List<String> plus(List<String> list, List<String> more) {
        List<String> result = new ArrayList<>(list);
        result.addAll(more);
        return distinct(result);
    }

    private static List<String> minus(List<String> list, String node) {
        return list.stream().filter(n -> !n.equals(node)).toList();
    }

    private static List<String> distinct(List<String> list) {
        return List.copyOf(new LinkedHashSet<>(list));
    }
}
