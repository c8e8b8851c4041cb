package io.jenkins.plugins.kubeops.engine.common;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Durations as people write them in pipelines and on command lines: {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 45}. */
public final class Durations {

    private Durations() {
    }

    /** @param what names the setting in the error, e.g. "--timeout" or "timeout" */
    public static Duration parse(String what, String text) {
        if (text == null || text.isBlank()) {
            throw new KubeOpsException(what + " is empty: use e.g. 90s, 10m or 1h30m.");
        }
        String value = text.trim().toLowerCase(Locale.ROOT);
        try {
            Duration duration = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.parse("PT" + value.toUpperCase(Locale.ROOT));
            if (duration.isNegative()) {
                throw new KubeOpsException(what + " '" + text + "' is negative: use e.g. 90s, 10m or 1h30m.");
            }
            return duration;
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new KubeOpsException(what + " '" + text + "' is not a duration: use e.g. 90s, 10m or 1h30m.");
        }
    }

    public static Validation check(String what, String text) {
        try {
            parse(what, text);
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }
}
