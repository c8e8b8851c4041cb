package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One broken skew rule: which instances break it, against which, and what to do about it.
 *
 * @param offenders the instances that break the rule (e.g. the kubelets that are too old)
 * @param reference the instances they are compared with (e.g. the newest kube-apiserver); may be empty
 */
public record SkewViolation(SkewRule rule, List<ComponentVersion> offenders, List<ComponentVersion> reference, String fix) {

    private static final int LISTED = 5;

    public SkewViolation {
        Objects.requireNonNull(rule, "rule");
        offenders = List.copyOf(offenders);
        reference = List.copyOf(reference);
        Objects.requireNonNull(fix, "fix");
    }

    /** One key per offending instance and rule, independent of the step and version, so a plan reports each problem once. */
    public List<String> keys() {
        return offenders.stream().map(c -> rule + ":" + c.component() + "/" + c.instance()).toList();
    }

    public String describe() {
        String against = reference.isEmpty() ? "" : " (against " + list(reference) + ")";
        return rule.text() + ": " + list(offenders) + against + ". Fix: " + fix;
    }

    static String list(List<ComponentVersion> components) {
        String shown = components.stream().limit(LISTED).map(ComponentVersion::describe).collect(Collectors.joining(", "));
        return components.size() > LISTED ? shown + " and " + (components.size() - LISTED) + " more" : shown;
    }
}
