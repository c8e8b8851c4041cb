package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as people write them in job configurations: {@code 90m}, {@code 36h}, {@code 7d}, {@code 2w}. */
public final class DurationText {

    private static final Pattern FORMAT = Pattern.compile("\\s*(\\d+)\\s*([smhdw])\\s*");

    private DurationText() {
    }

    public static Duration parse(String text, String what) {
        Matcher matcher = FORMAT.matcher(text == null ? "" : text);
        if (!matcher.matches()) {
            throw new KubeOpsException(what + " '" + text + "' is not a duration: use a number and a unit, e.g. 90m, 36h, "
                    + "7d or 2w.");
        }
        long amount = Long.parseLong(matcher.group(1));
        switch (matcher.group(2)) {
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                return Duration.ofDays(7 * amount);
        }
    }

    public static String format(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds % (7 * 86400) == 0 && seconds > 0) {
            return seconds / (7 * 86400) + "w";
        }
        if (seconds % 86400 == 0 && seconds > 0) {
            return seconds / 86400 + "d";
        }
        if (seconds % 3600 == 0 && seconds > 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0 && seconds > 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }
}
