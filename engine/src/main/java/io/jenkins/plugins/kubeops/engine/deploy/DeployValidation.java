package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.Collection;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks for deploy inputs: the one place their rules and messages are written, for the CLI, the kubeDeploy step, its form
 * checks and the shared library alike. {@code what} is the input as the caller's user writes it (e.g. "--timeout" in the
 * CLI, "timeout" in a pipeline); the rule and the rest of the message are the same everywhere.
 */
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

    /** The overall deploy limit: a duration, and not zero (the deploy would give up before applying anything). */
    public static Validation timeout(String what, String text) {
        Validation duration = Durations.check(what, text);
        if (duration.isError() || !Durations.parse(what, text).isZero()) {
            return duration;
        }
        return Validation.error(what + " '" + text + "' leaves no time to deploy: use e.g. 10m (the default).");
    }

    /** How many revisions the cluster keeps, as a form or a command line gives it. */
    public static Validation historyLimit(String what, String text) {
        try {
            return historyLimit(what, Integer.parseInt(text == null ? "" : text.trim()));
        } catch (NumberFormatException e) {
            return Validation.error(what + " '" + text + "' is not a whole number: use e.g. 10 (revisions kept).");
        }
    }

    public static Validation historyLimit(String what, int limit) {
        return limit >= 1 ? Validation.ok()
                : Validation.error(what + " " + limit + " keeps no revision: use 1 or more (default 10).");
    }
}
