package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the cluster's health is validated between steps: {@code consecutive} passes in a row, {@code interval} apart, within
 * {@code timeout} (kops' --validate-count); a flapping check starts the count again.
 *
 * @param prometheus optional: a Prometheus server and a query that must return no series (e.g. firing alerts)
 */
public record HealthGateSettings(int consecutive, Duration interval, Duration timeout, Optional<PrometheusQuery> prometheus) {

    /** A Prometheus instant query that must come back empty for the cluster to count as healthy. */
    public record PrometheusQuery(URI server, String query) {
        public PrometheusQuery {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(query, "query");
        }
    }

    public static final HealthGateSettings DEFAULTS = new HealthGateSettings(3, Duration.ofSeconds(10), Duration.ofMinutes(10),
            Optional.empty());

    public HealthGateSettings {
        if (consecutive < 1) {
            throw new KubeOpsException("health-gate count " + consecutive + " is too small: use at least 1 (e.g. 3).");
        }
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(prometheus, "prometheus");
        if (interval.isNegative() || interval.isZero() || timeout.compareTo(interval.multipliedBy(consecutive - 1)) < 0) {
            throw new KubeOpsException("health gate: " + consecutive + " passes " + interval.toSeconds() + " s apart cannot fit "
                    + "in a timeout of " + timeout.toSeconds() + " s: raise the timeout or lower the count or interval.");
        }
    }
}
