package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;

/** A snapshot file that is not a complete, intact etcd database; the message says what is wrong with it. */
final class InvalidSnapshotException extends IOException {
    private static final long serialVersionUID = 1L;

    private final boolean checksumMismatch;

    InvalidSnapshotException(String message) {
        this(message, false);
    }

    InvalidSnapshotException(String message, boolean checksumMismatch) {
        super(message);
        this.checksumMismatch = checksumMismatch;
    }

    /** The data is complete in form but its SHA-256 does not match: damaged in transit or at rest. */
    FailureCause failureCause() {
        return checksumMismatch ? FailureCause.CHECKSUM_MISMATCH : FailureCause.INVALID_SNAPSHOT;
    }
}
