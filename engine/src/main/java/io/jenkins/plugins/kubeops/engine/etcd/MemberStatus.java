package io.jenkins.plugins.kubeops.engine.etcd;

import java.net.URI;
import java.util.List;

/** What one member says about itself ({@code Maintenance/Status}). */
public record MemberStatus(URI endpoint, long memberId, long leaderId, String version, long dbSizeBytes, long dbSizeInUseBytes,
                           long revision, boolean learner, List<String> errors) {

    public MemberStatus {
        errors = List.copyOf(errors);
    }

    public boolean isLeader() {
        return memberId == leaderId;
    }

    /**
     * The member has a leader, so it is part of a working cluster. Raised alarms show up in {@link #errors()} too, but a
     * member with a NOSPACE alarm still serves reads and snapshots — which is when a backup matters most.
     */
    public boolean healthy() {
        return leaderId != 0;
    }

    public String memberIdHex() {
        return Long.toHexString(memberId);
    }
}
