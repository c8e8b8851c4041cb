package io.jenkins.plugins.kubeops.engine.upgrade;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListOptions;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Workloads for the drain ITs: pinned to the test's own kwok nodes, with budgets, and a watcher of Ready counts. */
final class DrainFixtures {

    /** The label {@link TestNamespace#createNode} puts on every node of the test. */
    static final String NODE_LABEL = "kube-ops.test/namespace";

    private DrainFixtures() {
    }

    /** Pods only on this test's nodes, small enough that a node takes them all; kwok runs them without an image. */
    static PodSpec podSpec(TestNamespace ns, Map<String, String> nodeSelector, boolean emptyDir) {
        PodSpecBuilder spec = new PodSpecBuilder().withNodeSelector(nodeSelector.isEmpty() ? Map.of(NODE_LABEL, ns.name())
                : nodeSelector).withTerminationGracePeriodSeconds(0L)
                .addNewContainer().withName("app").withImage("registry.invalid/app:1").withNewResources()
                .withRequests(Map.of("cpu", new Quantity("10m"), "memory", new Quantity("16Mi"))).endResources().endContainer();
        if (emptyDir) {
            spec.addToVolumes(new VolumeBuilder().withName("scratch").withNewEmptyDir().endEmptyDir().build());
        }
        return spec.build();
    }

    static void deployment(TestNamespace ns, String app, int replicas, Map<String, String> nodeSelector, boolean emptyDir) {
        ns.client().apps().deployments().inNamespace(ns.name()).resource(new DeploymentBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withReplicas(replicas).withNewSelector().addToMatchLabels("app", app).endSelector()
                .withNewStrategy().withType("Recreate").endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                .withSpec(podSpec(ns, nodeSelector, emptyDir)).endTemplate().endSpec().build()).create();
    }

    static void daemonSet(TestNamespace ns, String app, Map<String, String> nodeSelector) {
        ns.client().apps().daemonSets().inNamespace(ns.name()).resource(new DaemonSetBuilder()
                .withNewMetadata().withName(app).endMetadata()
                .withNewSpec().withNewSelector().addToMatchLabels("app", app).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", app).endMetadata()
                .withSpec(podSpec(ns, nodeSelector, false)).endTemplate().endSpec().build()).create();
    }

    /** A pod no controller manages, bound to the node directly. */
    static Pod barePod(TestNamespace ns, String name, String node) {
        PodSpec spec = podSpec(ns, Map.of(), false);
        spec.setNodeName(node);
        return ns.client().pods().inNamespace(ns.name()).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels("app", name).endMetadata().withSpec(spec).build()).create();
    }

    static PodDisruptionBudget maxUnavailable(TestNamespace ns, String name, String app, int maxUnavailable) {
        return ns.client().policy().v1().podDisruptionBudget().inNamespace(ns.name()).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withMaxUnavailable(new IntOrString(maxUnavailable))
                .withNewSelector().addToMatchLabels("app", app).endSelector().endSpec().build()).create();
    }

    static PodDisruptionBudget minAvailable(TestNamespace ns, String name, String app, int minAvailable) {
        return ns.client().policy().v1().podDisruptionBudget().inNamespace(ns.name()).resource(new PodDisruptionBudgetBuilder()
                .withNewMetadata().withName(name).endMetadata().withNewSpec().withMinAvailable(new IntOrString(minAvailable))
                .withNewSelector().addToMatchLabels("app", app).endSelector().endSpec().build()).create();
    }

    static List<Pod> pods(TestNamespace ns, String app) {
        return ns.client().pods().inNamespace(ns.name()).withLabel("app", app).list().getItems();
    }

    static boolean isReady(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Waits until exactly {@code count} pods of the app are Ready, all on the node. */
    static void awaitReadyOn(TestNamespace ns, String app, int count, String node, Instant deadline) {
        Waits.until(deadline, count + " Ready pods of " + app + " on " + node, () -> {
            List<Pod> pods = pods(ns, app);
            return pods.size() == count && pods.stream().allMatch(pod -> isReady(pod) && node.equals(pod.getSpec().getNodeName()));
        });
    }

    /** Waits until the disruption controller has counted the budget's pods and allows the given number of disruptions. */
    static void awaitBudget(TestNamespace ns, String name, int disruptionsAllowed, Instant deadline) {
        Waits.until(deadline, "PDB " + name + " allowing " + disruptionsAllowed, () -> {
            PodDisruptionBudget budget = ns.client().policy().v1().podDisruptionBudget().inNamespace(ns.name()).withName(name).get();
            return budget != null && budget.getStatus() != null && budget.getStatus().getObservedGeneration() != null
                    && budget.getStatus().getObservedGeneration() >= budget.getMetadata().getGeneration()
                    && budget.getStatus().getDisruptionsAllowed() == disruptionsAllowed;
        });
    }

    /** Records the lowest number of Ready, not terminating pods of an app seen at any watch event. */
    static final class ReadyWatcher implements AutoCloseable {
        private final Map<String, Boolean> ready = new ConcurrentHashMap<>();
        private final AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        private final AtomicInteger events = new AtomicInteger();
        private final List<String> errors = new CopyOnWriteArrayList<>();
        private final Watch watch;

        ReadyWatcher(KubernetesClient client, String namespace, String app) {
            PodList initial = client.pods().inNamespace(namespace).withLabel("app", app).list();
            initial.getItems().forEach(pod -> ready.put(pod.getMetadata().getUid(), isReady(pod)));
            record();
            // From the list's resourceVersion on, so that no change between the list and the watch is missed.
            ListOptions from = new ListOptionsBuilder().withResourceVersion(initial.getMetadata().getResourceVersion()).build();
            watch = client.pods().inNamespace(namespace).withLabel("app", app).watch(from, new Watcher<>() {
                @Override
                public void eventReceived(Action action, Pod pod) {
                    if (action == Action.DELETED) {
                        ready.remove(pod.getMetadata().getUid());
                    } else {
                        ready.put(pod.getMetadata().getUid(), isReady(pod));
                    }
                    events.incrementAndGet();
                    record();
                }

                @Override
                public void onClose(WatcherException cause) {
                    errors.add(String.valueOf(cause));
                }
            });
        }

        private synchronized void record() {
            int now = (int) ready.values().stream().filter(Boolean::booleanValue).count();
            lowest.accumulateAndGet(now, Math::min);
        }

        int lowest() {
            return lowest.get();
        }

        int events() {
            return events.get();
        }

        List<String> errors() {
            return errors;
        }

        @Override
        public void close() {
            watch.close();
        }
    }
}
