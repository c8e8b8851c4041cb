package io.jenkins.plugins.kubeops.jenkins.upgrade;

import io.jenkins.plugins.kubeops.engine.upgrade.UpgradePlan;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeState;
import io.jenkins.plugins.kubeops.engine.upgrade.UpgradeStep;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The engine's plan and state as the plain, serializable maps the steps return (keys in docs of each step's help). */
final class UpgradeMaps {

    private UpgradeMaps() {
    }

    static Map<String, Object> plan(String cluster, UpgradePlan plan, String text) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cluster", cluster);
        map.put("from", plan.from().toString());
        map.put("target", plan.target().toString());
        map.put("refused", plan.refused());
        map.put("refusal", plan.refusal());
        map.put("text", text);
        List<Map<String, Object>> steps = new ArrayList<>();
        plan.steps().forEach(step -> steps.add(step(step)));
        map.put("steps", steps);
        return map;
    }

    static Map<String, Object> step(UpgradeStep step) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (step instanceof UpgradeStep.Snapshot) {
            map.put("kind", "snapshot");
        } else if (step instanceof UpgradeStep.ControlPlane pass) {
            map.put("kind", "controlPlane");
            map.put("pass", pass.pass());
            map.put("passes", pass.passes());
            map.put("version", pass.version().toString());
            map.put("node", pass.node().orElse(null));
        } else if (step instanceof UpgradeStep.NodeRoll roll) {
            map.put("kind", "nodes");
            map.put("group", roll.group());
            map.put("controlPlane", roll.controlPlane());
            map.put("nodes", new ArrayList<>(roll.nodes()));
            map.put("maxInFlight", roll.maxInFlight());
            map.put("canary", roll.canary());
            map.put("version", roll.version().toString());
        }
        map.put("description", step.describe());
        return map;
    }

    /** {@code [status: 'upgraded' | 'paused', done: [descriptions], next: description or null, operationId]}. */
    static Map<String, Object> outcome(UpgradeState state) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", state.status() == UpgradeState.Status.SUCCEEDED ? "upgraded" : state.status().name().toLowerCase());
        List<String> done = new ArrayList<>();
        for (int i = 0; i < Math.min(state.nextStep(), state.steps().size()); i++) {
            done.add(state.steps().get(i).describe());
        }
        String next = state.currentStep().map(UpgradeStep::describe).orElse(null);
        // Paused inside a node roll (after its canary or a window of nodes): what of it is done, and what is left.
        if (state.currentStep().orElse(null) instanceof UpgradeStep.NodeRoll roll) {
            List<String> finished = roll.nodes().stream()
                    .filter(n -> state.doneNodes().contains(n) || state.skippedNodes().contains(n)).toList();
            if (!finished.isEmpty() && finished.size() < roll.nodes().size()) {
                done.add(roll.group() + ": " + finished.size() + " of " + roll.nodes().size() + " nodes ("
                        + String.join(", ", finished) + ")");
                next = roll.group() + ": the other " + (roll.nodes().size() - finished.size()) + " nodes, up to "
                        + roll.maxInFlight() + " in flight";
            }
        }
        map.put("done", done);
        map.put("next", next);
        map.put("operationId", state.operationId());
        return map;
    }
}
