package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.Collection;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks for deploy inputs, shared by the CLI, the kubeDeploy step and its form. */
public final class DeployValidation {

    /** Leaves room for the ".v12345" suffix of history objects within Kubernetes' 63-character label limit. */
    private static final Pattern RELEASE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private DeployValidation() {
    }

    public static Validation releaseName(String name) {
        return name != null && RELEASE.matcher(name).matches() ? Validation.ok()
                : Validation.error("release name '" + name + "' is invalid: use lower-case letters, digits and '-', at most "
                + "53 characters, starting and ending with a letter or digit (e.g. 'web-frontend').");
    }

    public static Validation namespace(String namespace) {
        return namespace != null && NAMESPACE.matcher(namespace).matches() ? Validation.ok()
                : Validation.error("release namespace '" + namespace + "' is invalid: use a namespace name such as 'team-a'.");
    }

    /** Kinds that may be pruned although protected: only the protected kinds themselves are accepted. */
    public static Validation allowedPrunes(Collection<String> kinds) {
        for (String kind : kinds) {
            if (!PrunePlan.PROTECTED_KINDS.contains(kind)) {
                return Validation.error("'" + kind + "' is not a protected kind: allowing prunes takes "
                        + String.join(", ", new TreeSet<>(PrunePlan.PROTECTED_KINDS)) + " (other kinds are always pruned).");
            }
        }
        return Validation.ok();
    }

    /** A timeout or lock wait such as "10m". */
    public static Validation duration(String what, String text) {
        return Durations.check(what, text);
    }
}
