package io.jenkins.plugins.kubeops.cli;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.deploy.DeployOptions;
import io.jenkins.plugins.kubeops.engine.deploy.DeployValidation;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Option;

/** Options shared by deploy and rollback. */
final class DeployFlags {

    enum Output { text, json }

    @Option(names = "--dry-run", description = "Show the plan and the diff; change nothing.")
    boolean dryRun;

    @Option(names = "--atomic", description = "On failure, roll back to the previous deployed revision.")
    boolean atomic;

    @Option(names = "--force", description = "Take over fields that other field managers own.")
    boolean force;

    @Option(names = "--no-wait", description = "Do not wait for the rollout.")
    boolean noWait;

    @Option(names = "--timeout", defaultValue = "10m", description = "Overall limit, e.g. 90s, 10m (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--lock-wait", defaultValue = "5m", description = "How long to queue behind another deploy of the release (default: ${DEFAULT-VALUE}).")
    String lockWait;

    @Option(names = "--allow-prune", paramLabel = "KIND", split = ",",
            description = "Protected kinds that may be pruned: Namespace, PersistentVolume, PersistentVolumeClaim, CustomResourceDefinition.")
    Set<String> allowPrune = new HashSet<>();

    @Option(names = "--allow-empty", description = "Accept a render with no objects (prunes everything the release owns).")
    boolean allowEmpty;

    @Option(names = "--history-limit", defaultValue = "10", description = "Revisions kept (default: ${DEFAULT-VALUE}).")
    int historyLimit;

    @Option(names = {"-o", "--output"}, defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}.")
    Output output;

    /** Checked with the engine's deploy rules first, so a bad flag fails before any cluster is contacted. */
    DeployOptions options() {
        DeployValidation.timeout("--timeout", timeout).throwIfError();
        DeployValidation.duration("--lock-wait", lockWait).throwIfError();
        DeployValidation.historyLimit("--history-limit", historyLimit).throwIfError();
        DeployValidation.allowedPrunes(allowPrune).throwIfError();
        return new DeployOptions(dryRun, force, atomic, !noWait, duration("--timeout", timeout), duration("--lock-wait", lockWait),
                allowPrune, allowEmpty, historyLimit, holder());
    }

    static Duration duration(String option, String text) {
        return Durations.parse(option, text);
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return "kube-ops CLI " + System.getProperty("user.name") + "@" + host + " (pid " + ManagementFactory.getRuntimeMXBean().getPid() + ")";
    }
}
