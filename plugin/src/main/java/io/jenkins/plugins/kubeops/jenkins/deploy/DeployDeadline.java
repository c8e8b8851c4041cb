package io.jenkins.plugins.kubeops.jenkins.deploy;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A deploy's absolute limits, fixed when the step starts: the lock may be waited for until {@code start + lockWait}, and
 * everything must be over by {@code start + lockWait + timeout}. After a controller restart the deploy runs again with
 * what is left, so restarts never extend it. Pure; serialized with the step execution (plain fields, no records).
 */
final class DeployDeadline implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long lockUntilMillis;
    private final long untilMillis;

    private DeployDeadline(long lockUntilMillis, long untilMillis) {
        this.lockUntilMillis = lockUntilMillis;
        this.untilMillis = untilMillis;
    }

    static DeployDeadline starting(Instant start, Duration lockWait, Duration timeout) {
        Instant lockUntil = start.plus(lockWait);
        return new DeployDeadline(lockUntil.toEpochMilli(), lockUntil.plus(timeout).toEpochMilli());
    }

    Instant until() {
        return Instant.ofEpochMilli(untilMillis);
    }

    /**
     * What the engine may use from {@code now} on, or empty once the deadline has passed. The lock wait is what remains of
     * the lock window; the timeout runs from the later of now and the end of that window to the deadline, so lock wait
     * plus timeout never reach past it.
     */
    Optional<Budget> budgetAt(Instant now) {
        long nowMillis = now.toEpochMilli();
        if (nowMillis >= untilMillis) {
            return Optional.empty();
        }
        Duration lockWait = Duration.ofMillis(Math.max(0, lockUntilMillis - nowMillis));
        Duration timeout = Duration.ofMillis(untilMillis - Math.max(nowMillis, lockUntilMillis));
        return Optional.of(new Budget(lockWait, timeout));
    }

    /** The engine's lock wait and timeout for one attempt. */
    record Budget(Duration lockWait, Duration timeout) {

        Duration total() {
            return lockWait.plus(timeout);
        }
    }

    /** "1h2m3s", "4m", "0s": how pipelines write durations, for log lines. */
    static String format(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        StringBuilder text = new StringBuilder();
        if (seconds >= 3600) {
            text.append(seconds / 3600).append('h');
        }
        if (seconds % 3600 >= 60) {
            text.append(seconds % 3600 / 60).append('m');
        }
        if (seconds % 60 > 0 || text.length() == 0) {
            text.append(seconds % 60).append('s');
        }
        return text.toString();
    }
}
