package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Which backups to keep. Count rules — the newest {@code keepLast}, and grandfather-father-son: the newest backup of each of
 * the last {@code hourly} hours, {@code daily} days and {@code weekly} ISO weeks (UTC) — keep what any of them selects;
 * with no count rule everything is selected. {@code maxAge} then drops whatever is older. The newest backup is always
 * kept, whatever the rules say, so pruning can never leave a cluster without a verified backup. Unfinished uploads older
 * than {@code orphanGrace} are removed.
 */
public record RetentionPolicy(int keepLast, Optional<Duration> maxAge, int hourly, int daily, int weekly, Duration orphanGrace) {

    public static final Duration DEFAULT_ORPHAN_GRACE = Duration.ofHours(6);

    public RetentionPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(orphanGrace, "orphanGrace");
        validate(keepLast, maxAge, hourly, daily, weekly).throwIfError();
    }

    public static Validation validate(int keepLast, Optional<Duration> maxAge, int hourly, int daily, int weekly) {
        if (keepLast < 0 || hourly < 0 || daily < 0 || weekly < 0) {
            return Validation.error("Retention counts must not be negative (keep-last " + keepLast + ", hourly " + hourly
                    + ", daily " + daily + ", weekly " + weekly + "): use 0 to switch a rule off.");
        }
        if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
            return Validation.error("Maximum age " + maxAge.get() + " must be positive, e.g. 7d.");
        }
        if (keepLast == 0 && hourly == 0 && daily == 0 && weekly == 0 && maxAge.isEmpty()) {
            return Validation.warning("No retention rule is set: every backup is kept and the store grows without bound; "
                    + "set e.g. keep-last 24 and max-age 7d.");
        }
        return Validation.ok();
    }

    boolean hasCountRules() {
        return keepLast > 0 || hourly > 0 || daily > 0 || weekly > 0;
    }

    public String describe() {
        StringBuilder text = new StringBuilder();
        if (keepLast > 0) {
            text.append("keep-last ").append(keepLast).append(", ");
        }
        if (hourly > 0) {
            text.append("hourly ").append(hourly).append(", ");
        }
        if (daily > 0) {
            text.append("daily ").append(daily).append(", ");
        }
        if (weekly > 0) {
            text.append("weekly ").append(weekly).append(", ");
        }
        maxAge.ifPresent(age -> text.append("max-age ").append(DurationText.format(age)).append(", "));
        text.append("never the newest");
        return text.toString();
    }
}
