package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.Durations;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How to drain nodes. The flags mean what kubectl drain's flags mean; every check of user input is here, shared by the CLI,
 * the pipeline steps and their forms.
 *
 * @param ignoreDaemonSets         leave DaemonSet-managed pods on the node (their controller tolerates cordoned nodes)
 * @param deleteEmptyDirData       evict pods with emptyDir volumes, whose data is lost
 * @param force                    evict pods no controller manages, and DaemonSet pods whose DaemonSet is gone
 * @param gracePeriod              termination grace period passed with each eviction; empty: each pod's own
 * @param timeout                  per node, from the moment its drain starts; then {@code onTimeout} applies
 * @param onTimeout                what a node whose pods are not all gone by {@code timeout} gets
 * @param skipWaitForDeleteTimeout pods whose deletion time passed longer ago than this are not waited for (kubectl's
 *                                 --skip-wait-for-delete-timeout, e.g. pods of a node that stopped reporting); zero: off
 * @param parallelism              at most this many eviction and delete requests in flight across all nodes
 */
public record DrainOptions(boolean ignoreDaemonSets, boolean deleteEmptyDirData, boolean force, Optional<Duration> gracePeriod,
                           Duration timeout, OnTimeout onTimeout, Duration skipWaitForDeleteTimeout, int parallelism) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    public static final int DEFAULT_PARALLELISM = 32;

    /** What happens to a node whose drain timed out. */
    public enum OnTimeout {
        /** Stop; the node stays cordoned and the drain reports the pods left and why they wait. */
        FAIL,
        /** Give up on this node (uncordoned again if we cordoned it) and carry on with the others. */
        SKIP,
        /** Delete the pods left, ignoring their disruption budgets; every pod is named in the log. */
        FORCE;

        public static OnTimeout parse(String text) {
            String value = text == null ? "" : text.trim().toUpperCase(Locale.ROOT);
            for (OnTimeout candidate : values()) {
                if (candidate.name().equals(value)) {
                    return candidate;
                }
            }
            throw new KubeOpsException("onTimeout '" + text + "' is not one of " + choices()
                    + ": fail stops with the node cordoned, skip leaves the node and goes on, force deletes the pods left.");
        }

        public static String choices() {
            return Arrays.stream(values()).map(OnTimeout::toString).collect(Collectors.joining(", "));
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The three permissions of kubectl drain, named as the pipeline step and the CLI spell them. */
    public enum Permission {
        IGNORE_DAEMON_SETS("ignoreDaemonSets", "--ignore-daemonsets"),
        DELETE_EMPTY_DIR_DATA("deleteEmptyDirData", "--delete-emptydir-data"),
        FORCE("force", "--force");

        private final String parameter;
        private final String flag;

        Permission(String parameter, String flag) {
            this.parameter = parameter;
            this.flag = flag;
        }

        /** "ignoreDaemonSets (--ignore-daemonsets)": how both fronts' users find it. */
        public String describe() {
            return parameter + " (" + flag + ")";
        }
    }

    public DrainOptions {
        Objects.requireNonNull(gracePeriod, "gracePeriod");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onTimeout, "onTimeout");
        Objects.requireNonNull(skipWaitForDeleteTimeout, "skipWaitForDeleteTimeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new KubeOpsException(timeoutMessage(timeout.toString()));
        }
        gracePeriod.ifPresent(grace -> {
            if (grace.isNegative()) {
                throw new KubeOpsException(gracePeriodMessage(Long.toString(grace.toSeconds())));
            }
        });
        if (skipWaitForDeleteTimeout.isNegative()) {
            throw new KubeOpsException("skipWaitForDeleteTimeout '" + skipWaitForDeleteTimeout.toSeconds()
                    + "' is invalid: use whole seconds, 0 (always wait for terminating pods) or more, e.g. 300.");
        }
        if (parallelism < 1) {
            throw new KubeOpsException("drain parallelism " + parallelism + " is too small: use at least 1 (default "
                    + DEFAULT_PARALLELISM + ").");
        }
    }

    /** kubectl drain's defaults, except that a drain never waits forever: ten minutes per node, then fail. */
    public static DrainOptions defaults() {
        return new DrainOptions(false, false, false, Optional.empty(), DEFAULT_TIMEOUT, OnTimeout.FAIL, Duration.ZERO,
                DEFAULT_PARALLELISM);
    }

    public boolean allows(Permission permission) {
        return switch (permission) {
            case IGNORE_DAEMON_SETS -> ignoreDaemonSets;
            case DELETE_EMPTY_DIR_DATA -> deleteEmptyDirData;
            case FORCE -> force;
        };
    }

    public DrainOptions withPermissions(boolean ignoreDaemonSets, boolean deleteEmptyDirData, boolean force) {
        return new DrainOptions(ignoreDaemonSets, deleteEmptyDirData, force, gracePeriod, timeout, onTimeout,
                skipWaitForDeleteTimeout, parallelism);
    }

    public DrainOptions withGracePeriod(Optional<Duration> value) {
        return new DrainOptions(ignoreDaemonSets, deleteEmptyDirData, force, value, timeout, onTimeout, skipWaitForDeleteTimeout,
                parallelism);
    }

    public DrainOptions withTimeout(Duration value, OnTimeout policy) {
        return new DrainOptions(ignoreDaemonSets, deleteEmptyDirData, force, gracePeriod, value, policy, skipWaitForDeleteTimeout,
                parallelism);
    }

    public DrainOptions withSkipWaitForDeleteTimeout(Duration value) {
        return new DrainOptions(ignoreDaemonSets, deleteEmptyDirData, force, gracePeriod, timeout, onTimeout, value, parallelism);
    }

    public DrainOptions withParallelism(int value) {
        return new DrainOptions(ignoreDaemonSets, deleteEmptyDirData, force, gracePeriod, timeout, onTimeout,
                skipWaitForDeleteTimeout, value);
    }

    /**
     * A grace period as written on a command line or in a pipeline: whole seconds, 0 (delete at once) or more; -1 (kubectl's
     * spelling) or empty means each pod's own terminationGracePeriodSeconds.
     */
    public static Optional<Duration> parseGracePeriod(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty() || value.equals("-1")) {
            return Optional.empty();
        }
        if (!value.matches("\\d{1,9}")) {
            throw new KubeOpsException(gracePeriodMessage(text));
        }
        return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
    }

    /** A per-node drain timeout such as 90s, 10m or 1h; zero is refused, since a drain must never wait forever. */
    public static Duration parseTimeout(String text) {
        Duration timeout;
        try {
            timeout = Durations.parse("drain timeout", text);
        } catch (KubeOpsException e) {
            throw new KubeOpsException(timeoutMessage(text), e);
        }
        if (timeout.isZero()) {
            throw new KubeOpsException(timeoutMessage(text));
        }
        return timeout;
    }

    /** kubectl's --skip-wait-for-delete-timeout: whole seconds, 0 (always wait) or more. */
    public static Duration parseSkipWaitForDeleteTimeout(String text) {
        String value = text == null ? "" : text.trim();
        if (!value.matches("\\d{1,9}")) {
            throw new KubeOpsException("skipWaitForDeleteTimeout '" + text + "' is invalid: use whole seconds, 0 (always wait "
                    + "for terminating pods) or more, e.g. 300.");
        }
        return Duration.ofSeconds(Long.parseLong(value));
    }

    public static Validation checkSkipWaitForDeleteTimeout(String text) {
        return check(() -> parseSkipWaitForDeleteTimeout(text));
    }

    public static Validation checkGracePeriod(String text) {
        return check(() -> parseGracePeriod(text));
    }

    public static Validation checkTimeout(String text) {
        return check(() -> parseTimeout(text));
    }

    public static Validation checkOnTimeout(String text) {
        return check(() -> OnTimeout.parse(text));
    }

    private static Validation check(Runnable parse) {
        try {
            parse.run();
            return Validation.ok();
        } catch (KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    private static String gracePeriodMessage(String text) {
        return "grace period '" + text + "' is invalid: use whole seconds, 0 or more (0 deletes at once), or -1 for each "
                + "pod's own terminationGracePeriodSeconds.";
    }

    private static String timeoutMessage(String text) {
        return "drain timeout '" + text + "' is invalid: use a positive duration per node such as 90s, 10m or 1h, and choose "
                + "with onTimeout what happens then (" + OnTimeout.choices() + ").";
    }
}
