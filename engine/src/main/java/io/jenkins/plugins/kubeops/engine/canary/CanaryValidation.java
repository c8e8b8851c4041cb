package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.DnsNames;
import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.Validation;

/**
 * Checks for canary inputs, written once and shared by the spec parser, the CLI, the kubeCanary step and its form. Every
 * message starts with the field's path in the spec (e.g. {@code steps[2].setWeight}) and ends with the fix.
 */
public final class CanaryValidation {

    /** Leaves room for the "-baseline" suffix of the objects a canary creates within the 63-character name limit. */
    static final int MAX_DEPLOYMENT_NAME = 54;

    private CanaryValidation() {
    }

    public static Validation deployment(String path, String name) {
        if (name == null || name.isBlank()) {
            return Validation.error(path + " is missing: name the Deployment to canary (e.g. deployment: web).");
        }
        if (name.length() > MAX_DEPLOYMENT_NAME) {
            return Validation.error(path + ": Deployment name '" + name + "' is " + name.length() + " characters long: a canary "
                    + "needs room for '-baseline' after it, so use at most " + MAX_DEPLOYMENT_NAME + ".");
        }
        return prefixed(path, DnsNames.label("Deployment name", name, "e.g. 'web'"));
    }

    /** The deploy engine's release that owns the Deployment (target.release), by the deploy engine's own name rule. */
    public static Validation release(String path, String name) {
        return prefixed(path, io.jenkins.plugins.kubeops.engine.deploy.DeployValidation.releaseName(name));
    }

    public static Validation namespace(String path, String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return Validation.error(path + " is missing: give the Deployment's namespace (spec target.namespace, CLI -n).");
        }
        return prefixed(path, DnsNames.label("namespace", namespace, "e.g. 'shop'"));
    }

    /** A Service, Ingress or HTTPRoute name the router uses. */
    public static Validation objectName(String path, String what, String name) {
        if (name == null || name.isBlank()) {
            return Validation.error(path + " is missing: name the " + what + ".");
        }
        return prefixed(path, DnsNames.label(what + " name", name, "e.g. 'web'"));
    }

    public static Validation weight(String path, Object value) {
        Integer weight = wholeNumber(value);
        if (weight == null || weight < 0 || weight > 100) {
            return Validation.error(path + ": '" + value + "' is not a weight: use a whole number of percent from 0 to 100 "
                    + "(e.g. setWeight: 20).");
        }
        return Validation.ok();
    }

    public static Validation duration(String path, Object text) {
        return text == null ? Validation.error(path + " is missing: use e.g. 90s, 10m or 1h30m.")
                : Durations.check(path, String.valueOf(text));
    }

    public static Validation count(String path, Object value, int minimum) {
        Integer count = wholeNumber(value);
        if (count == null || count < minimum) {
            return Validation.error(path + ": '" + value + "' is invalid: use a whole number of at least " + minimum + ".");
        }
        return Validation.ok();
    }

    public static Validation image(String path, Object image) {
        String text = image == null ? "" : String.valueOf(image);
        if (text.isBlank() || text.chars().anyMatch(Character::isWhitespace)) {
            return Validation.error(path + ": '" + text + "' is not an image reference: use e.g. registry.example.com/web:1.4.2.");
        }
        return Validation.ok();
    }

    /** The step a background analysis starts at must exist. */
    public static Validation startingStep(String path, Object value, int steps) {
        Integer index = wholeNumber(value);
        if (index == null || index < 0 || index >= Math.max(steps, 1)) {
            return Validation.error(path + ": '" + value + "' is not a step index: use 0 to " + Math.max(steps - 1, 0)
                    + " (steps are counted from 0).");
        }
        return Validation.ok();
    }

    /** A header name for ingress-nginx's canary-by-header (an HTTP token). */
    public static Validation headerName(String path, Object value) {
        String text = value == null ? "" : String.valueOf(value);
        return text.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+") ? Validation.ok()
                : Validation.error(path + ": '" + text + "' is not an HTTP header name: use e.g. X-Canary.");
    }

    static Integer wholeNumber(Object value) {
        if (value instanceof Integer number) {
            return number;
        }
        if (value instanceof Long number && number >= Integer.MIN_VALUE && number <= Integer.MAX_VALUE) {
            return number.intValue();
        }
        if (value instanceof String text && text.trim().matches("-?\\d{1,9}")) {
            return Integer.parseInt(text.trim());
        }
        return null;
    }

    private static Validation prefixed(String path, Validation validation) {
        return validation.isError() ? Validation.error(path + ": " + validation.message()) : validation;
    }
}
