package io.jenkins.plugins.kubeops.engine.testing;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/**
 * Bounded polling for tests: every wait has a deadline and says what it waited for when it fails; and the redo of a test's
 * read-modify-write that met a newer version of the object.
 */
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

    /**
     * Runs a read-modify-write (fabric8's {@code edit}/{@code editStatus}) again when it meets a newer version of the object:
     * kwok's heartbeats and the controllers update nodes, pods and Deployments all the time. At most 20 attempts.
     */
    public static void retryOnConflict(Runnable change) {
        for (int attempt = 1; ; attempt++) {
            try {
                change.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
            }
        }
    }
}
