package io.jenkins.plugins.kubeops.engine.common;

import java.util.regex.Pattern;

/** RFC 1123 labels, the names Kubernetes and Kube Ops use for clusters, namespaces and pools. Pure. */
public final class DnsNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final int MAX_LABEL_LENGTH = 63;

    private DnsNames() {
    }

    /** @param what names the field in the message, e.g. "Cluster name"; @param example a valid value for the message */
    public static Validation label(String what, String value, String example) {
        if (value.length() > MAX_LABEL_LENGTH) {
            return Validation.error(what + " '" + value + "' is " + value.length() + " characters long: use at most "
                    + MAX_LABEL_LENGTH + ".");
        }
        if (!LABEL.matcher(value).matches()) {
            return Validation.error(what + " '" + value + "' is invalid: use lower-case letters, digits and '-', starting and "
                    + "ending with a letter or digit (" + example + ").");
        }
        return Validation.ok();
    }
}
