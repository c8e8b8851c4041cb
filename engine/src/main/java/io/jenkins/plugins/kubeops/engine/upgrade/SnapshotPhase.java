package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.Progress;

/** The verified etcd snapshot an upgrade takes before it touches the control plane. */
@FunctionalInterface
public interface SnapshotPhase {

    /** Takes and verifies a snapshot; returns what was stored (for the state and the log). Throws when it does not verify. */
    String takeVerified(Progress progress);
}
