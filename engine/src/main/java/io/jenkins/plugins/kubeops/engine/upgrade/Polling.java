package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Every wait of an upgrade: a condition polled at an interval until an absolute deadline, saying what it waits for whenever
 * that changes, and failing with the last reason when the deadline passes. Clock and sleeping are injected.
 */
public final class Polling {

    /** How the waiting happens; tests advance a fake clock instead. */
    @FunctionalInterface
    public interface Sleeper {
        Sleeper REAL = duration -> Thread.sleep(Math.max(1, duration.toMillis()));

        void sleep(Duration duration) throws InterruptedException;
    }

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final Clock clock;
    private final Sleeper sleeper;

    public Polling(Clock clock, Sleeper sleeper) {
        this.clock = clock;
        this.sleeper = sleeper;
    }

    public static Polling real(Clock clock) {
        return new Polling(clock, Sleeper.REAL);
    }

    public Clock clock() {
        return clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Polls {@code pending} (empty = done, else why not yet) until it is done.
     *
     * @param what names the wait in progress lines and in the failure, e.g. "node w-1 to report v1.36.2 and Ready"
     */
    public void until(Instant deadline, Duration interval, String what, Supplier<Optional<String>> pending, Progress progress) {
        String lastSaid = null;
        while (true) {
            Optional<String> why = pending.get();
            if (why.isEmpty()) {
                return;
            }
            Instant now = clock.instant();
            if (!now.isBefore(deadline)) {
                throw new KubeOpsException("gave up waiting for " + what + " at " + TIME.format(deadline) + ": " + why.get());
            }
            if (!why.get().equals(lastSaid)) {
                progress.say("waiting for " + what + " (until " + TIME.format(deadline) + "): " + why.get());
                lastSaid = why.get();
            }
            sleep(min(interval, Duration.between(now, deadline)));
        }
    }

    /** Sleeps until {@code until} in steps of at most {@code step}, stopping early when {@code stop} says so. */
    public void sleepUntil(Instant until, Duration step, Supplier<Boolean> stop) {
        while (clock.instant().isBefore(until) && !stop.get()) {
            sleep(min(step, Duration.between(clock.instant(), until)));
        }
    }

    void sleep(Duration duration) {
        try {
            sleeper.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubeOpsException("interrupted while waiting", e);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
