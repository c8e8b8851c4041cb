package io.jenkins.plugins.kubeops.engine.etcd;

/**
 * Why a backup, verification or drill failed: one value per cause, so that the CLI's exit, the step's result and alerts
 * can tell them apart. The message that goes with it names the value and the fix.
 */
public enum FailureCause {
    ETCD_UNREACHABLE,
    ETCD_TLS,
    ETCD_TIMEOUT,
    ETCD_NOSPACE,
    ETCD_PERMISSION,
    STORE_UNREACHABLE,
    STORE_FULL,
    CHECKSUM_MISMATCH,
    INVALID_SNAPSHOT,
    BACKUP_IN_PROGRESS,
    DRILL_FAILED,
    OTHER
}
