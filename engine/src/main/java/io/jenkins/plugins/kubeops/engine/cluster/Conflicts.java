package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Read-modify-write of an object a controller writes too (a Deployment's annotations, a ConfigMap another process adds to):
 * the API server refuses a write based on an old version with 409 Conflict, and the remedy is to read again and redo it.
 */
public final class Conflicts {

    /** Attempts before a conflict is reported: more in a row means someone writes the object continuously. */
    public static final int ATTEMPTS = 5;

    private Conflicts() {
    }

    /** Runs {@code write} (which must read the object itself) again after each conflict, at most {@link #ATTEMPTS} times. */
    public static void retry(Runnable write) {
        for (int attempt = 1; ; attempt++) {
            try {
                write.run();
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }
}
