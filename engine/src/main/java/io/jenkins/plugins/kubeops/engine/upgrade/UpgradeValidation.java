package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The upgrade's user input, parsed and checked once for every front (CLI, pipeline steps, form checks): each message
 * names the value and the fix.
 */
public final class UpgradeValidation {

    private static final Pattern FULL_VERSION = Pattern.compile("v?\\d+\\.\\d+\\.\\d+");
    // A label key: optional DNS-subdomain prefix and '/', then a name of up to 63 characters.
    private static final Pattern LABEL_KEY = Pattern.compile(
            "([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?");

    private UpgradeValidation() {
    }

    /** A target or via version: a full release version such as v1.36.2 (a bare minor would leave the patch to chance). */
    public static KubeVersion version(String what, String text) {
        if (text == null || !FULL_VERSION.matcher(text.trim()).matches()) {
            throw new KubeOpsException(what + " '" + text + "' is not a full Kubernetes version: write major.minor.patch, "
                    + "e.g. v1.36.2.");
        }
        return KubeVersion.parse(text.trim());
    }

    /** Comma-separated via versions, e.g. "v1.35.9,v1.36.4"; empty text for none. */
    public static List<KubeVersion> via(String text) {
        List<KubeVersion> versions = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String item : text.split(",")) {
                versions.add(version("--via version", item));
            }
        }
        return versions;
    }

    public static String poolLabel(String text) {
        if (text == null || !LABEL_KEY.matcher(text.trim()).matches()) {
            throw new KubeOpsException("pool label '" + text + "' is not a label key: use e.g. node.kubernetes.io/pool or "
                    + "pool.");
        }
        return text.trim();
    }

    /** "key=value,key2=value2": the nodes the upgrade covers; empty text for every node. */
    public static Map<String, String> nodeSelector(String text) {
        Map<String, String> selector = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return selector;
        }
        for (String item : text.split(",")) {
            String[] pair = item.trim().split("=", 2);
            if (pair.length != 2 || !LABEL_KEY.matcher(pair[0].trim()).matches()
                    || !LABEL_VALUE.matcher(pair[1].trim()).matches()) {
                throw new KubeOpsException("node selector '" + text + "' has a bad term '" + item.trim() + "': write "
                        + "key=value pairs separated by commas, e.g. pool=web,topology.kubernetes.io/zone=eu-1a.");
            }
            selector.put(pair[0].trim(), pair[1].trim());
        }
        return selector;
    }

    public static Validation checkVersion(String what, String text) {
        return check(t -> version(what, t), text);
    }

    public static Validation checkMaxUnavailable(String text) {
        return check(MaxUnavailable::parse, text);
    }

    public static Validation checkWindow(String text) {
        return text == null || text.isBlank() ? Validation.ok() : check(MaintenanceWindow::parse, text);
    }

    public static Validation checkNodeSelector(String text) {
        return check(UpgradeValidation::nodeSelector, text);
    }

    public static Validation checkPoolLabel(String text) {
        return text == null || text.isBlank() ? Validation.ok() : check(UpgradeValidation::poolLabel, text);
    }

    private static Validation check(Function<String, ?> parse, String text) {
        try {
            parse.apply(text);
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }
}
