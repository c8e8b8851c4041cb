package io.jenkins.plugins.kubeops.engine.common;

/**
 * A failure the user can act on. Its message names the offending value and the fix; fronts print it without a stack trace.
 */
public class KubeOpsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KubeOpsException(String message) {
        super(message);
    }

    public KubeOpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
