package io.jenkins.plugins.kubeops.engine.deploy;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * How to deploy.
 *
 * @param dryRun          plan and diff only (server-side dry run); change nothing
 * @param force           take over fields other field managers own (server-side apply force)
 * @param atomic          on failure, roll back to the previous deployed revision (the failure stays in the history)
 * @param waitForRollout  wait for Deployments, StatefulSets, DaemonSets and Jobs to finish rolling out
 * @param timeout         one overall limit for applying and the rollout
 * @param lockWait        how long to queue behind another deploy of the same release (0: fail at once)
 * @param allowedPrunes   protected kinds (Namespace, PersistentVolume, PersistentVolumeClaim, CustomResourceDefinition)
 *                        that may be pruned
 * @param allowEmpty      accept a render with no objects (which prunes everything the release owns)
 * @param historyLimit    revisions kept in the cluster
 * @param holder          who deploys, shown to a deploy that has to wait
 */
public record DeployOptions(boolean dryRun, boolean force, boolean atomic, boolean waitForRollout, Duration timeout,
                            Duration lockWait, Set<String> allowedPrunes, boolean allowEmpty, int historyLimit, String holder) {

    public DeployOptions {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(lockWait, "lockWait");
        allowedPrunes = Set.copyOf(allowedPrunes);
        DeployValidation.historyLimit("historyLimit", historyLimit).throwIfError();
        DeployValidation.allowedPrunes(allowedPrunes).throwIfError();
    }

    public static DeployOptions defaults(String holder) {
        return new DeployOptions(false, false, false, true, Duration.ofMinutes(10), Duration.ofMinutes(5), Set.of(), false, 10, holder);
    }

    public DeployOptions withDryRun(boolean value) {
        return new DeployOptions(value, force, atomic, waitForRollout, timeout, lockWait, allowedPrunes, allowEmpty, historyLimit, holder);
    }

    public DeployOptions withAtomic(boolean value) {
        return new DeployOptions(dryRun, force, value, waitForRollout, timeout, lockWait, allowedPrunes, allowEmpty, historyLimit, holder);
    }

    public DeployOptions withTimeout(Duration value) {
        return new DeployOptions(dryRun, force, atomic, waitForRollout, value, lockWait, allowedPrunes, allowEmpty, historyLimit, holder);
    }

    public DeployOptions withLockWait(Duration value) {
        return new DeployOptions(dryRun, force, atomic, waitForRollout, timeout, value, allowedPrunes, allowEmpty, historyLimit, holder);
    }

    public DeployOptions withAllowedPrunes(Set<String> value) {
        return new DeployOptions(dryRun, force, atomic, waitForRollout, timeout, lockWait, value, allowEmpty, historyLimit, holder);
    }
}
