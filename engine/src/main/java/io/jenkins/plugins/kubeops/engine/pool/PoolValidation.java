package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.api.model.Quantity;
import io.jenkins.plugins.kubeops.engine.common.DnsNames;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks for pool and member settings, shared by the pools file of the CLI and the plugin's configuration form.
 */
public final class PoolValidation {

    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
    private static final Pattern SELECTOR_TERM = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_./]*)=([-A-Za-z0-9_.]*)");

    private PoolValidation() {
    }

    public static Validation poolName(String name) {
        if (name == null || name.isBlank()) {
            return Validation.error("Pool name is required: pipelines and logs refer to it, e.g. 'linux-builds'.");
        }
        return DnsNames.label("Pool name", name.trim(), "e.g. 'linux-builds'");
    }

    /** Agent labels served by a pool: space-separated Jenkins labels, none used by two pools. */
    public static Validation labels(String labels) {
        if (labels == null || labels.isBlank()) {
            return Validation.error("Labels are required: the pool serves builds that ask for one of them, e.g. 'maven linux'.");
        }
        for (String label : labels.trim().split("\\s+")) {
            if (!LABEL.matcher(label).matches()) {
                return Validation.error("Label '" + label + "' is invalid: use letters, digits, '.', '_' and '-', separated by spaces.");
            }
        }
        return Validation.ok();
    }

    /** A label may belong to one pool only, or the choice between pools would be arbitrary. */
    public static Validation labelsUniqueAcrossPools(Map<String, Collection<String>> labelsByPool) {
        Map<String, String> owner = new HashMap<>();
        TreeSet<String> clashes = new TreeSet<>();
        labelsByPool.forEach((pool, labels) -> labels.forEach(label -> {
            String previous = owner.putIfAbsent(label, pool);
            if (previous != null && !previous.equals(pool)) {
                clashes.add("'" + label + "' (" + previous + ", " + pool + ")");
            }
        }));
        return clashes.isEmpty() ? Validation.ok()
                : Validation.error("Labels served by more than one pool: " + String.join(", ", clashes) + ": give each label to one pool.");
    }

    /** {@code key=value} terms separated by commas, e.g. {@code pool=ci,arch=amd64}. */
    public static Validation nodeSelector(String selector) {
        if (selector == null || selector.isBlank()) {
            return Validation.ok();
        }
        for (String term : selector.split(",")) {
            if (!SELECTOR_TERM.matcher(term.trim()).matches()) {
                return Validation.error("Node selector term '" + term.trim() + "' is invalid: use key=value pairs separated by commas, "
                        + "e.g. 'pool=ci,kubernetes.io/arch=amd64'.");
            }
        }
        return Validation.ok();
    }

    public static Map<String, String> parseNodeSelector(String selector) {
        nodeSelector(selector).throwIfError();
        Map<String, String> parsed = new HashMap<>();
        if (selector != null && !selector.isBlank()) {
            for (String term : selector.split(",")) {
                String[] keyValue = term.trim().split("=", 2);
                parsed.put(keyValue[0], keyValue[1]);
            }
        }
        return parsed;
    }

    /** A cap given as a Kubernetes quantity ("8", "500m", "64Gi"); empty means no cap. */
    public static Validation quantity(String field, String value) {
        if (value == null || value.isBlank()) {
            return Validation.ok();
        }
        try {
            if (Quantity.getAmountInBytes(new Quantity(value.trim())).signum() < 0) {
                return Validation.error(field + " '" + value.trim() + "' is negative: use a positive quantity or leave it empty.");
            }
            return Validation.ok();
        } catch (RuntimeException e) {
            return Validation.error(field + " '" + value.trim() + "' is not a Kubernetes quantity: use e.g. '8', '500m' or '64Gi'.");
        }
    }

    public static Validation maxAgents(int maxAgents) {
        return maxAgents < 0 ? Validation.error("Max agents " + maxAgents + " is negative: use 0 for no cap, or a positive number.")
                : Validation.ok();
    }

    public static Validation weight(double weight) {
        return weight > 0 && !Double.isInfinite(weight) ? Validation.ok()
                : Validation.error("Weight " + weight + " must be a positive number (1 is neutral, 2 counts headroom twice).");
    }

    public static Validation priority(int priority) {
        return priority < 0 ? Validation.error("Priority " + priority + " is negative: use 0 for preferred members, 1, 2, ... for backups.")
                : Validation.ok();
    }

    public static Validation state(String state) {
        try {
            MemberState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            return Validation.ok();
        } catch (RuntimeException e) {
            return Validation.error("State '" + state + "' is unknown: use active, draining or paused.");
        }
    }

    public static Validation minIdleAgents(int minIdleAgents) {
        return minIdleAgents < 0
                ? Validation.error("Minimum idle agents " + minIdleAgents + " is negative: use 0 for no warm pool, or a positive number.")
                : Validation.ok();
    }

    /** Form fields arrive as text: blank is fine (the default), anything else must be a whole number. */
    public static Validation minIdleAgents(String value) {
        return whole("Minimum idle agents", value, PoolValidation::minIdleAgents);
    }

    public static Validation maxAgents(String value) {
        return whole("Max agents", value, PoolValidation::maxAgents);
    }

    public static Validation priority(String value) {
        return whole("Priority", value, PoolValidation::priority);
    }

    public static Validation weight(String value) {
        if (value == null || value.isBlank()) {
            return Validation.ok();
        }
        try {
            return weight(Double.parseDouble(value.trim()));
        } catch (NumberFormatException e) {
            return Validation.error("Weight '" + value.trim() + "' is not a number: use e.g. 1 or 1.5.");
        }
    }

    private static Validation whole(String field, String value, IntFunction<Validation> check) {
        if (value == null || value.isBlank()) {
            return Validation.ok();
        }
        try {
            return check.apply(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            return Validation.error(field + " '" + value.trim() + "' is not a whole number: use e.g. 0, 1 or 20.");
        }
    }

    public static Validation uniquePoolNames(Collection<String> names) {
        Set<String> seen = new HashSet<>();
        TreeSet<String> duplicates = new TreeSet<>();
        for (String name : names) {
            if (name != null && !seen.add(name.trim())) {
                duplicates.add(name.trim());
            }
        }
        return duplicates.isEmpty() ? Validation.ok() : Validation.error("Pool names must be unique, but " + duplicates
                + " appear more than once: rename or remove the duplicates.");
    }

    /**
     * A member's cluster (cloud) name: required; an unknown one is only a warning, so configuration as code may define
     * pools before the clouds they use.
     */
    public static Validation memberCluster(String what, String name, Collection<String> known) {
        if (name == null || name.isBlank()) {
            return Validation.error(what + " is required: choose one of " + new TreeSet<>(known) + ".");
        }
        return known.contains(name.trim()) ? Validation.ok() : Validation.warning(what + " '" + name.trim()
                + "' is not configured (configured: " + new TreeSet<>(known) + "): its members count as unreachable until it is.");
    }
}
