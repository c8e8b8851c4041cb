package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.upgrade.DrainOptions;
import picocli.CommandLine.Option;

/** Which pods a drain may evict and how they stop: kubectl drain's flags, shared by {@code drain} and {@code upgrade}. */
final class DrainPodOptions {

    @Option(names = "--ignore-daemonsets", description = "Drain: leave DaemonSet-managed pods on the nodes.")
    boolean ignoreDaemonSets;

    @Option(names = "--delete-emptydir-data", description = "Drain: evict pods with emptyDir volumes (their data is lost).")
    boolean deleteEmptyDirData;

    @Option(names = "--force", description = "Drain: evict pods no controller manages, and DaemonSet pods whose DaemonSet "
            + "is gone.")
    boolean force;

    @Option(names = "--grace-period", paramLabel = "SECONDS", defaultValue = "-1",
            description = "Drain: termination grace period for evicted pods; -1 (default): each pod's own.")
    String gracePeriod;

    DrainOptions applyTo(DrainOptions options) {
        return options.withPermissions(ignoreDaemonSets, deleteEmptyDirData, force)
                .withGracePeriod(DrainOptions.parseGracePeriod(gracePeriod));
    }
}
