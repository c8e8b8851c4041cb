package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
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
import java.util.Set;
import java.util.function.Function;

/**
 * The health gates between upgrade steps: nodes Ready, kube-system pods Ready, the apiserver's {@code /readyz}, every
 * PodDisruptionBudget at or above its desired healthy pods, and optionally an empty Prometheus query — passed
 * {@code consecutive} times in a row, {@code interval} apart, within {@code timeout}. Nodes in flight in a rolling upgrade
 * (cordoned, drained, their kubelet restarting) and the kube-system pods on them can be left out: they are expected to be
 * down, and counting them would hold every gate until the whole window is back, a barrier the window exists to avoid.
 */
public final class HealthGates {

    private final HealthGateSettings settings;
    private final Polling polling;
    private final Function<Set<String>, List<String>> problems;

    /** @param problems one look at the cluster, leaving out the given nodes: its problems, empty when healthy */
    HealthGates(HealthGateSettings settings, Polling polling, Function<Set<String>, List<String>> problems) {
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
        return new HealthGates(settings, polling, leftOut -> problems(client, settings, selector, prometheus, leftOut));
    }

    /** Returns when the cluster passed every gate {@code consecutive} times in a row; throws when the timeout passes first. */
    public void await(String before, Progress progress) {
        await(before, progress, Set.of());
    }

    /** {@link #await(String, Progress)}, the {@code leftOut} nodes and the kube-system pods on them not looked at. */
    public void await(String before, Progress progress, Set<String> leftOut) {
        Instant deadline = polling.now().plus(settings.timeout());
        int passes = 0;
        String lastProblems = null;
        while (true) {
            List<String> problems = this.problems.apply(leftOut);
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
        return problems.apply(Set.of());
    }

    private static List<String> problems(KubernetesClient client, HealthGateSettings settings, Map<String, String> nodeSelector,
                                         PrometheusCheck prometheus, Set<String> leftOut) {
        try {
            List<Node> nodes = client.nodes().list().getItems().stream()
                    .filter(n -> nodeSelector.entrySet().stream().allMatch(e -> n.getMetadata().getLabels() != null
                            && e.getValue().equals(n.getMetadata().getLabels().get(e.getKey()))))
                    .filter(n -> !leftOut.contains(n.getMetadata().getName()))
                    .toList();
            List<Pod> systemPods = notOn(leftOut, client.pods().inNamespace("kube-system").list().getItems());
            return HealthJudgement.problems(nodes, systemPods, readyz(client),
                    budgetsOutsideTerminatingNamespaces(client),
                    settings.prometheus().flatMap(prometheus::problem));
        } catch (KubernetesClientException e) {
            return List.of("the API server could not be read: " + ClusterErrors.explain(e));
        }
    }

    /** The pods not bound to one of the nodes. Pure. */
    static List<Pod> notOn(Set<String> nodes, List<Pod> pods) {
        // A pod not scheduled yet has no node (and Set.of() refuses to look for null).
        return pods.stream().filter(pod -> pod.getSpec() == null || pod.getSpec().getNodeName() == null
                || !nodes.contains(pod.getSpec().getNodeName())).toList();
    }

    /** A namespace being deleted takes its pods and budgets with it: its budgets say nothing about the upgrade. */
    private static List<io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget> budgetsOutsideTerminatingNamespaces(
            KubernetesClient client) {
        java.util.Set<String> terminating = client.namespaces().list().getItems().stream()
                .filter(ns -> ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase()))
                .map(ns -> ns.getMetadata().getName()).collect(java.util.stream.Collectors.toSet());
        return client.policy().v1().podDisruptionBudget().inAnyNamespace().list().getItems().stream()
                .filter(budget -> !terminating.contains(budget.getMetadata().getNamespace())).toList();
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
