package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;

/** A plan that may not run (a failed pre-flight check or a broken skew rule); the message says why and the fix. */
public final class UpgradeRefusedException extends KubeOpsException {
    private static final long serialVersionUID = 1L;

    public UpgradeRefusedException(String message) {
        super(message);
    }
}
