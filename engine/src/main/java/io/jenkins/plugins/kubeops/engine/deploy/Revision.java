package io.jenkins.plugins.kubeops.engine.deploy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One revision of a release as kept in the cluster's history.
 *
 * @param manifest    the applied objects as YAML, with Secret contents replaced by their SHA-256 (never stored)
 * @param inventory   the objects this revision owns (what a later revision prunes against)
 * @param description what happened, e.g. "install", "upgrade", "rollback to 3", "atomic rollback to 4 after failure of 5"
 * @param evidence    for a failed revision: why it failed (workloads, pod reasons, events)
 * @param hooks       a chart's hooks as YAML (Secret values replaced by their SHA-256), run again by a rollback to this
 *                    revision; never part of the inventory
 */
public record Revision(String release, int number, Status status, Instant updated, String description, String valuesDigest,
                       List<ObjectRef> inventory, String manifest, List<String> evidence, String hooks) {

    public enum Status {
        /** Written before anything is applied, so a crash mid-deploy still leaves the owned objects on record. */
        PENDING,
        DEPLOYED,
        SUPERSEDED,
        FAILED
    }

    public Revision {
        Objects.requireNonNull(release, "release");
        Objects.requireNonNull(status, "status");
        inventory = List.copyOf(inventory);
        evidence = List.copyOf(evidence);
        hooks = hooks == null ? "" : hooks; // revisions recorded before hooks were kept
    }

    public Revision(String release, int number, Status status, Instant updated, String description, String valuesDigest,
                    List<ObjectRef> inventory, String manifest, List<String> evidence) {
        this(release, number, status, updated, description, valuesDigest, inventory, manifest, evidence, "");
    }

    public Revision withStatus(Status newStatus, Instant at) {
        return new Revision(release, number, newStatus, at, description, valuesDigest, inventory, manifest, evidence, hooks);
    }

    public Revision withEvidence(List<String> newEvidence, Instant at) {
        return new Revision(release, number, Status.FAILED, at, description, valuesDigest, inventory, manifest, newEvidence, hooks);
    }
}
