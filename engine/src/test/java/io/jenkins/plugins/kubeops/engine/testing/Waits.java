package io.jenkins.plugins.kubeops.engine.testing;

import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Bounded polling for tests: every wait has a deadline and says what it waited for when it fails. */
public final class Waits {

    private Waits() {
    }

    public static void until(Instant deadline, String what, BooleanSupplier condition) {
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }
}
