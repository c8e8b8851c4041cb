package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterErrors;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The health gates between upgrade steps: nodes Ready, kube-system pods Ready, the apiserver's {@code /readyz}, every
 * PodDisruptionBudget at or above its desired healthy pods, and optionally an empty Prometheus query — passed
 * {@code consecutive} times in a row, {@code interval} apart, within {@code timeout}.
 */
public final class HealthGates {

    private final HealthGateSettings settings;
    private final Polling polling;
    private final Supplier<List<String>> problems;

    /** @param problems one look at the cluster: its problems, empty when healthy */
    HealthGates(HealthGateSettings settings, Polling polling, Supplier<List<String>> problems) {
        this.settings = settings;
        this.polling = polling;
        this.problems = problems;
    }

    /** The gates of a cluster: the nodes matching {@code nodeSelector}, kube-system, /readyz, PDBs, optional Prometheus. */
    public static HealthGates of(KubernetesClient client, HealthGateSettings settings, Map<String, String> nodeSelector,
                                 Polling polling) {
        PrometheusCheck prometheus = new PrometheusCheck(settings.timeout().compareTo(Duration.ofSeconds(10)) < 0
                ? settings.timeout() : Duration.ofSeconds(10));
        Map<String, String> selector = Map.copyOf(nodeSelector);
        return new HealthGates(settings, polling, () -> problems(client, settings, selector, prometheus));
    }

    /** Returns when the cluster passed every gate {@code consecutive} times in a row; throws when the timeout passes first. */
    public void await(String before, Progress progress) {
        Instant deadline = polling.now().plus(settings.timeout());
        int passes = 0;
        String lastProblems = null;
        while (true) {
            List<String> problems = this.problems.get();
            if (problems.isEmpty()) {
                passes++;
                if (passes == settings.consecutive()) {
                    progress.say("health gate " + before + ": passed " + passes + " time" + (passes == 1 ? "" : "s") + " in a row");
                    return;
                }
                lastProblems = null;
            } else {
                passes = 0;
                String text = String.join("; ", problems);
                if (!text.equals(lastProblems)) {
                    progress.say("health gate " + before + ": waiting (until " + Polling.TIME.format(deadline) + ") for " + text);
                    lastProblems = text;
                }
            }
            Instant next = polling.now().plus(settings.interval());
            if (next.isAfter(deadline)) {
                throw new KubeOpsException("health gate " + before + " failed: the cluster was not healthy "
                        + settings.consecutive() + " times in a row within " + settings.timeout().toSeconds() + " s"
                        + (problems.isEmpty() ? "" : "; last seen: " + String.join("; ", problems))
                        + ". Fix the cluster, then run 'kube-ops upgrade resume'.");
            }
            polling.sleep(settings.interval());
        }
    }

    /** The problems now; empty when healthy. */
    public List<String> problems() {
        return problems.get();
    }

    private static List<String> problems(KubernetesClient client, HealthGateSettings settings, Map<String, String> nodeSelector,
                                         PrometheusCheck prometheus) {
        try {
            List<Node> nodes = client.nodes().list().getItems().stream()
                    .filter(n -> nodeSelector.entrySet().stream().allMatch(e -> n.getMetadata().getLabels() != null
                            && e.getValue().equals(n.getMetadata().getLabels().get(e.getKey()))))
                    .toList();
            return HealthJudgement.problems(nodes, client.pods().inNamespace("kube-system").list().getItems(), readyz(client),
                    client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems(),
                    settings.prometheus().flatMap(prometheus::problem));
        } catch (KubernetesClientException e) {
            return List.of("the API server could not be read: " + ClusterErrors.explain(e));
        }
    }

    private static Optional<String> readyz(KubernetesClient client) {
        try {
            String body = client.raw("/readyz");
            return body != null && body.trim().equals("ok") ? Optional.empty()
                    : Optional.of(body == null ? "no answer" : firstLine(body));
        } catch (KubernetesClientException e) {
            return Optional.of(ClusterErrors.explain(e));
        }
    }

    private static String firstLine(String text) {
        String trimmed = text.trim();
        int newline = trimmed.indexOf('\n');
        return newline < 0 ? trimmed : trimmed.substring(0, newline) + " ...";
    }
}
