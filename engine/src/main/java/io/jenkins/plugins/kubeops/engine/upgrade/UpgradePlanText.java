package io.jenkins.plugins.kubeops.engine.upgrade;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** A plan as people read it: what {@code kube-ops upgrade plan} and {@code apply --dry-run} print. Pure. */
public final class UpgradePlanText {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private UpgradePlanText() {
    }

    /** @param now for the maintenance window's next opening */
    public static String render(UpgradePlan plan, String cluster, Instant now) {
        StringBuilder text = new StringBuilder();
        text.append("Upgrade plan for ").append(cluster).append(": control plane ").append(plan.from()).append(" -> ")
                .append(plan.target()).append(plan.refused() ? " (REFUSED)" : "").append('\n');
        text.append("Pre-flight:\n");
        for (PreflightCheck check : plan.preflight()) {
            text.append("  ").append(String.format("%-8s", check.status())).append(check.name()).append(": ")
                    .append(check.detail()).append('\n');
        }
        if (plan.violations().isEmpty()) {
            text.append("Version skew: supported at all ").append(plan.statesChecked())
                    .append(" states checked (start, after every component move, end)\n");
        } else {
            text.append("Version skew: BROKEN (").append(plan.statesChecked()).append(" states checked)\n");
            for (UpgradePlan.StepViolation violation : plan.violations()) {
                text.append("  - ").append(violation.describe()).append('\n');
            }
        }
        plan.window().ifPresent(window -> {
            Instant opening = window.nextOpening(now);
            text.append("Maintenance window: ").append(window).append(opening.equals(now) ? " (open now, closes "
                    + TIME.format(window.closesAt(now).orElse(now)) + ")" : " (next opens " + TIME.format(opening) + ")")
                    .append("; no step starts outside it\n");
        });
        List<UpgradeStep> steps = plan.steps();
        text.append("Steps:").append(steps.isEmpty() ? " none" : "").append('\n');
        for (int i = 0; i < steps.size(); i++) {
            text.append(String.format("  %2d. ", i + 1)).append(steps.get(i).describe()).append('\n');
        }
        for (String note : plan.notes()) {
            text.append("Note: ").append(note).append('\n');
        }
        return text.toString();
    }
}
