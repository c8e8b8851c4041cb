package io.jenkins.plugins.kubeops.localcluster;

/**
 * A local cluster could not be built, started or stopped. Its message says which step failed and where its log is; fronts
 * print it without a stack trace, like the engine's own user-facing failures.
 */
public class LocalClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LocalClusterException(String message) {
        super(message);
    }

    public LocalClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
