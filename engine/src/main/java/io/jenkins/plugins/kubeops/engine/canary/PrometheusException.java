package io.jenkins.plugins.kubeops.engine.canary;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;

/** Prometheus could not answer a query; the message is one sentence naming the server, the cause and, if known, the fix. */
public class PrometheusException extends KubeOpsException {
    private static final long serialVersionUID = 1L;

    public PrometheusException(String message) {
        super(message);
    }

    public PrometheusException(String message, Throwable cause) {
        super(message, cause);
    }
}
