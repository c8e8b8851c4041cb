package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.DeleteOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.policy.v1.Eviction;
import io.fabric8.kubernetes.api.model.policy.v1.EvictionBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * The drain's gateway to the API server: pods of a node, DaemonSets, disruption budgets, and evictions through the
 * policy/v1 Eviction API. Evictions go through a copy of the client that does not retry by itself (fabric8 retries 429 and
 * 5xx answers with its own back-off), so that the drain sees each refusal, says why it waits and chooses when to ask again.
 */
public final class EvictionClient implements AutoCloseable {

    /** What one eviction request came to. */
    public enum Outcome {
        /** Accepted: the pod is being deleted. */
        EVICTED,
        /** The pod (this uid) no longer exists: counts as gone. */
        GONE,
        /** 429: a disruption budget allows no disruption now. */
        BUDGET,
        /** 500 for a pod under several budgets: the Eviction API refuses until the budgets are fixed. */
        MULTIPLE_BUDGETS,
        /** A passing condition (namespace terminating, server busy, connection lost): ask again later. */
        RETRY,
        /** Anything else (e.g. 403): asking again will not help. */
        FAILED
    }

    public record EvictionResult(Outcome outcome, String detail) {
    }

    private final KubernetesClient client;
    private final KubernetesClient evictionClient;

    public EvictionClient(KubernetesClient client) {
        this.client = client;
        this.evictionClient = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build()).build();
    }

    /** Every pod bound to the node, in all namespaces (field selector spec.nodeName, served by the API server's cache). */
    public List<Pod> podsOn(String node) {
        return client.pods().inAnyNamespace().withField("spec.nodeName", node).list().getItems();
    }

    /**
     * The pods bound to a node, kept current by a watch (an informer with the same field selector) instead of listing them
     * again and again: {@code onChange} runs on every event, so a drain notices a pod gone at once and costs the API server
     * nothing while it waits.
     */
    public NodePods watchPodsOn(String node, Runnable onChange) {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().withField("spec.nodeName", node)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(Pod pod) {
                        onChange.run();
                    }

                    @Override
                    public void onUpdate(Pod before, Pod after) {
                        onChange.run();
                    }

                    @Override
                    public void onDelete(Pod pod, boolean finalStateUnknown) {
                        onChange.run();
                    }
                }, 0);
        return new NodePods(node, informer);
    }

    /** See {@link #watchPodsOn}; until the watch has its first list, pods are listed directly. */
    public final class NodePods implements AutoCloseable {
        private final String node;
        private final SharedIndexInformer<Pod> informer;

        private NodePods(String node, SharedIndexInformer<Pod> informer) {
            this.node = node;
            this.informer = informer;
        }

        public List<Pod> pods() {
            return informer.hasSynced() ? informer.getStore().list() : podsOn(node);
        }

        @Override
        public void close() {
            informer.close();
        }
    }

    /** The budgets of a namespace, followed by a watch; {@code onChange} runs on every change (status included). */
    DrainBudgetCache.Watched watchBudgets(String namespace, Runnable onChange) {
        AtomicLong selectors = new AtomicLong();
        SharedIndexInformer<PodDisruptionBudget> informer = client.policy().v1().podDisruptionBudget().inNamespace(namespace)
                .inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(PodDisruptionBudget budget) {
                        selectors.incrementAndGet();
                        onChange.run();
                    }

                    @Override
                    public void onUpdate(PodDisruptionBudget before, PodDisruptionBudget after) {
                        if (!Objects.equals(before.getSpec(), after.getSpec())) {
                            selectors.incrementAndGet();
                        }
                        onChange.run();
                    }

                    @Override
                    public void onDelete(PodDisruptionBudget budget, boolean finalStateUnknown) {
                        selectors.incrementAndGet();
                        onChange.run();
                    }
                }, 0);
        return new DrainBudgetCache.Watched() {
            @Override
            public List<PodDisruptionBudget> budgets() {
                return informer.hasSynced() ? informer.getStore().list() : EvictionClient.this.budgets(namespace);
            }

            @Override
            public Optional<PodDisruptionBudget> budget(String key) {
                if (informer.hasSynced()) {
                    return Optional.ofNullable(informer.getStore().getByKey(key));
                }
                return budgets().stream().filter(b -> key.equals(DrainBudgetCache.key(b))).findFirst();
            }

            @Override
            public Optional<Long> selectorsVersion() {
                return informer.hasSynced() ? Optional.of(selectors.get()) : Optional.empty();
            }

            @Override
            public void close() {
                informer.close();
            }
        };
    }

    /** Which of the given DaemonSets ("namespace/name") exist. */
    public Set<String> existingDaemonSets(Set<String> daemonSets) {
        Set<String> existing = new TreeSet<>();
        for (String ref : daemonSets) {
            String[] parts = ref.split("/", 2);
            if (client.apps().daemonSets().inNamespace(parts[0]).withName(parts[1]).get() != null) {
                existing.add(ref);
            }
        }
        return existing;
    }

    public List<PodDisruptionBudget> budgets(String namespace) {
        return client.policy().v1().podDisruptionBudget().inNamespace(namespace).list().getItems();
    }

    /**
     * Evicts exactly this pod (uid precondition: a new pod of the same name is not touched) with the policy/v1 Eviction API.
     * fabric8's evict() without an argument would send policy/v1beta1, which Kubernetes 1.25 removed.
     */
    public EvictionResult evict(DrainPod pod, Optional<Duration> gracePeriod) {
        Eviction eviction = new EvictionBuilder().withNewMetadata().withNamespace(pod.namespace()).withName(pod.name())
                .endMetadata().withDeleteOptions(deleteOptions(pod, gracePeriod)).build();
        try {
            boolean accepted = evictionClient.pods().inNamespace(pod.namespace()).withName(pod.name()).evict(eviction);
            return new EvictionResult(accepted ? Outcome.EVICTED : Outcome.BUDGET, accepted ? "" : "429");
        } catch (KubernetesClientException e) {
            return classify(e);
        }
    }

    /** Deletes the pod, ignoring disruption budgets (onTimeout: force). A pod already gone is no error. */
    public void delete(DrainPod pod, Optional<Duration> gracePeriod) {
        var resource = client.pods().inNamespace(pod.namespace()).withName(pod.name());
        if (gracePeriod.isPresent()) {
            resource.withGracePeriod(gracePeriod.get().toSeconds()).delete();
        } else {
            resource.delete();
        }
    }

    static DeleteOptions deleteOptions(DrainPod pod, Optional<Duration> gracePeriod) {
        DeleteOptionsBuilder options = new DeleteOptionsBuilder();
        if (!pod.uid().isEmpty()) {
            options.withNewPreconditions().withUid(pod.uid()).endPreconditions();
        }
        gracePeriod.ifPresent(grace -> options.withGracePeriodSeconds(grace.toSeconds()));
        return options.build();
    }

    static EvictionResult classify(KubernetesClientException e) {
        String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
                : String.valueOf(e.getMessage());
        int code = e.getCode();
        if (code == 404 || code == 409) {
            // 409: the uid precondition failed, so the pod we meant is gone and another of the same name took its place.
            return new EvictionResult(Outcome.GONE, message);
        }
        if (code == 429) {
            return new EvictionResult(Outcome.BUDGET, message);
        }
        if (code == 500 && message.contains("more than one PodDisruptionBudget")) {
            return new EvictionResult(Outcome.MULTIPLE_BUDGETS, message);
        }
        if (code == 403 && message.contains("being terminated")) {
            return new EvictionResult(Outcome.RETRY, "its namespace is being deleted");
        }
        if (code == 0 || code >= 500) {
            return new EvictionResult(Outcome.RETRY, "API server: " + message);
        }
        return new EvictionResult(Outcome.FAILED, "HTTP " + code + ": " + message);
    }

    @Override
    public void close() {
        evictionClient.close();
    }
}
