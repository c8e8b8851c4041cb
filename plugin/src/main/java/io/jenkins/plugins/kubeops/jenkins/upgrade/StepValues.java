package io.jenkins.plugins.kubeops.jenkins.upgrade;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.ArrayList;
import java.util.List;

/** Form and pipeline values as the steps keep them: trimmed, blank as null, lists one entry per line. */
public final class StepValues {

    private StepValues() {
    }

    public static String trimmed(@CheckForNull String value) {
        return value == null ? "" : value.trim();
    }

    public static @CheckForNull String blankToNull(@CheckForNull String value) {
        String trimmed = trimmed(value);
        return trimmed.isEmpty() ? null : trimmed;
    }

    /** Splits form text into lines (a pipeline's list passes through), trimmed, blank ones dropped. */
    public static List<String> lines(@CheckForNull List<String> given) {
        List<String> result = new ArrayList<>();
        for (String entry : given == null ? List.<String>of() : given) {
            for (String line : entry == null ? new String[0] : entry.split("\\r?\\n")) {
                if (!line.isBlank()) {
                    result.add(line.trim());
                }
            }
        }
        return result;
    }

    /** An engine parse as a form check: the engine's message when it refuses the value. */
    public static Validation validation(Runnable parse) {
        try {
            parse.run();
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }
}
