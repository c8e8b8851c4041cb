package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;

/** A failure of an etcd backup operation, with its {@link FailureCause} so that callers and alerts can tell causes apart. */
public final class EtcdException extends KubeOpsException {
    private static final long serialVersionUID = 1L;

    private final FailureCause failureCause;

    public EtcdException(FailureCause failureCause, String message) {
        super(message);
        this.failureCause = failureCause;
    }

    public EtcdException(FailureCause failureCause, String message, Throwable error) {
        super(message, error);
        this.failureCause = failureCause;
    }

    public FailureCause failureCause() {
        return failureCause;
    }

    /** The cause of any failure: {@link FailureCause#OTHER} for those that are not an {@code EtcdException}. */
    public static FailureCause causeOf(Throwable failure) {
        return failure instanceof EtcdException known ? known.failureCause() : FailureCause.OTHER;
    }
}
