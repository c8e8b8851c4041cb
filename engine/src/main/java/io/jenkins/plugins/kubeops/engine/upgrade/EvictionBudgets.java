package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Why an eviction waits, told from the disruption budgets that cover the pod (the API server's 429 names no budget in a
 * form a client can rely on). Pure: budgets and labels in, a sentence out.
 */
public final class EvictionBudgets {

    private EvictionBudgets() {
    }

    /** The budgets whose selector matches the pod's labels; an empty selector matches nothing, as in the Eviction API. */
    public static List<PodDisruptionBudget> covering(Map<String, String> podLabels, List<PodDisruptionBudget> budgets) {
        Map<String, String> labels = podLabels == null ? Map.of() : podLabels;
        return budgets.stream().filter(budget -> budget.getSpec() != null && matches(budget.getSpec().getSelector(), labels))
                .toList();
    }

    /** e.g. "PDB web-pdb allows 0 disruptions (needs 4 healthy, has 4)". */
    public static String waitReason(Map<String, String> podLabels, List<PodDisruptionBudget> budgets) {
        List<PodDisruptionBudget> covering = covering(podLabels, budgets);
        if (covering.isEmpty()) {
            return "the API server refused the eviction (429) and no disruption budget covers the pod now: retrying";
        }
        if (covering.size() > 1) {
            return multipleBudgets(covering);
        }
        PodDisruptionBudget budget = covering.get(0);
        PodDisruptionBudgetStatus status = budget.getStatus();
        String name = budget.getMetadata().getName();
        if (status == null || status.getObservedGeneration() == null
                || status.getObservedGeneration() < Objects.requireNonNullElse(budget.getMetadata().getGeneration(), 0L)) {
            return "PDB " + name + " is still being processed by the disruption controller";
        }
        int allowed = Objects.requireNonNullElse(status.getDisruptionsAllowed(), 0);
        String counts = "needs " + Objects.requireNonNullElse(status.getDesiredHealthy(), 0) + " healthy, has "
                + Objects.requireNonNullElse(status.getCurrentHealthy(), 0);
        if (allowed > 0) {
            // Read just after the refusal, the budget may already have room again (a replacement became Ready).
            return "PDB " + name + " had no disruption to spare (now allows " + allowed + ", " + counts + ")";
        }
        return "PDB " + name + " allows 0 disruptions (" + counts + ")";
    }

    /** The Eviction API answers 500 for a pod under several budgets; only fixing the budgets helps. */
    public static String multipleBudgets(List<PodDisruptionBudget> covering) {
        return "covered by " + covering.size() + " PodDisruptionBudgets ("
                + covering.stream().map(budget -> budget.getMetadata().getName()).sorted().collect(Collectors.joining(", "))
                + "), which the Eviction API refuses: change their selectors so that each pod has at most one";
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> required = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        List<LabelSelectorRequirement> expressions = selector.getMatchExpressions() == null ? List.of()
                : selector.getMatchExpressions();
        if (required.isEmpty() && expressions.isEmpty()) {
            return false;
        }
        for (Map.Entry<String, String> entry : required.entrySet()) {
            if (!entry.getValue().equals(labels.get(entry.getKey()))) {
                return false;
            }
        }
        for (LabelSelectorRequirement expression : expressions) {
            if (!matches(expression, labels)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(LabelSelectorRequirement expression, Map<String, String> labels) {
        String value = labels.get(expression.getKey());
        List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
        return switch (expression.getOperator()) {
            case "In" -> value != null && values.contains(value);
            case "NotIn" -> value == null || !values.contains(value);
            case "Exists" -> labels.containsKey(expression.getKey());
            case "DoesNotExist" -> !labels.containsKey(expression.getKey());
            default -> false; // an invalid selector matches nothing, as the API server treats it
        };
    }
}
