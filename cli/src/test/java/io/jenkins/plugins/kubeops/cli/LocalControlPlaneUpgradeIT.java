package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import io.jenkins.plugins.kubeops.engine.upgrade.KubeVersion;
import io.jenkins.plugins.kubeops.localcluster.LocalCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real control-plane upgrade of a local cluster from Kubernetes 1.35 to 1.36 through {@link LocalNodeUpgrader}, while a
 * watcher counts the Ready pods of a Deployment. The test runs its own cluster ({@code kube-ops-it-cpupgrade}, or
 * {@code -Dkubeops.it.upgradeCluster=NAME}), started on v1.35.4 — whose binaries the script builds from Go modules on the
 * first run, which takes minutes — and stops it at the end unless KUBE_OPS_KEEP_CLUSTER=true.
 */
class LocalControlPlaneUpgradeIT {

    private static final KubeVersion FROM = KubeVersion.parse("v1.35.4");
    private static final KubeVersion TO = KubeVersion.parse("v1.36.4");
    private static final List<String> CONTROL_PLANE = List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler");
    private static final int NODES = 3;
    private static final int REPLICAS = 4;
    private static final String NAMESPACE = "cp-upgrade";

    private static String cluster;
    private static KubernetesClient client;

    @BeforeAll
    static void startClusterOnTheOlderMinor() {
        cluster = System.getProperty("kubeops.it.upgradeCluster", "kube-ops-it-cpupgrade");
        // A cluster kept from an earlier run is already upgraded: every run starts from the older version.
        if (LocalCluster.isRunning(cluster)) {
            LocalCluster.stop(cluster, Duration.ofMinutes(2), LocalControlPlaneUpgradeIT::print);
        }
        Path kubeconfig = LocalCluster.start(cluster, NODES, FROM.toString(), LocalCluster.START_TIMEOUT,
                LocalControlPlaneUpgradeIT::print);
        client = new KubernetesClientFactory().create(ClusterConnection.Kubeconfig.of(kubeconfig));
    }

    @AfterAll
    static void stopCluster() {
        if (client != null) {
            client.close();
        }
        if (cluster != null && !"true".equals(System.getenv("KUBE_OPS_KEEP_CLUSTER"))) {
            LocalCluster.stop(cluster, Duration.ofMinutes(2), LocalControlPlaneUpgradeIT::print);
        }
    }

    @Test
    void controlPlaneMovesToTheNewerMinorComponentByComponentWhileADeploymentStaysReadyThenNodesOneByOne() throws Exception {
        assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(FROM.toString());
        List<String> nodes = client.nodes().list().getItems().stream().map(node -> node.getMetadata().getName()).sorted().toList();
        assertThat(nodes).hasSize(NODES);
        Waits.until(Instant.now().plusSeconds(60), "all nodes Ready", () -> client.nodes().list().getItems().stream()
                .allMatch(LocalControlPlaneUpgradeIT::ready));
        assertThat(kubeletVersions().values()).containsOnly(FROM.toString());

        LocalNodeUpgrader upgrader = new LocalNodeUpgrader(cluster);
        assertThatThrownBy(() -> upgrader.upgradeKubelet(nodes.get(0), TO, LocalControlPlaneUpgradeIT::print))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining("newer than the apiserver");
        assertThatThrownBy(() -> upgrader.upgradeControlPlane(null, KubeVersion.parse("v1.37.0"), LocalControlPlaneUpgradeIT::print))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining("skip a minor");

        createWebDeployment();
        Waits.until(Instant.now().plusSeconds(120), REPLICAS + " Ready pods of web", () -> readyWebPods() == REPLICAS);
        Set<String> podsBefore = webPodUids();
        Map<String, LocalCluster.Component> before = components();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());

        try (ReadyPodsWatcher watcher = new ReadyPodsWatcher(client, NAMESPACE, "web")) {
            assertThat(watcher.ready()).isEqualTo(REPLICAS);

            upgrader.upgradeControlPlane(null, TO, line -> {
                print(line);
                lines.add(line);
            });

            // The client made from the old kubeconfig still works: same certificates, same port.
            assertThat(client.getKubernetesVersion().getGitVersion()).isEqualTo(TO.toString());
            Map<String, LocalCluster.Component> after = components();
            for (String component : CONTROL_PLANE) {
                assertThat(after.get(component).pid()).as(component + " restarted").isNotEqualTo(before.get(component).pid());
                assertThat(after.get(component).version()).as(component + " version").isEqualTo(TO.toString());
                assertThat(after.get(component).binary().toString()).as(component + " binary").contains("k8s-" + TO + "-");
                assertThat(before.get(component).version()).isEqualTo(FROM.toString());
            }
            assertThat(after.get("etcd").pid()).as("etcd is not restarted").isEqualTo(before.get("etcd").pid());
            assertThat(webPodUids()).as("web's pods after the upgrade: the same ones, none replaced").isEqualTo(podsBefore);
            // Skew order: each component healthy on the new version before the next one is stopped.
            assertThat(indexOf(lines, "kube-apiserver runs " + TO + " and is healthy"))
                    .isLessThan(indexOf(lines, "upgrading kube-controller-manager"));
            assertThat(indexOf(lines, "kube-controller-manager runs " + TO + " and is healthy"))
                    .isLessThan(indexOf(lines, "upgrading kube-scheduler"));
            assertThat(indexOf(lines, "kube-scheduler runs " + TO + " and is healthy")).isGreaterThan(0);

            // The new controller manager and scheduler do their work: one more replica is created, scheduled and Ready,
            // and the watcher, reconnected after the apiserver restart, sees it.
            client.apps().deployments().inNamespace(NAMESPACE).withName("web").scale(REPLICAS + 1);
            Waits.until(Instant.now().plusSeconds(120), "the watcher seeing " + (REPLICAS + 1) + " Ready pods",
                    () -> watcher.ready() == REPLICAS + 1);
            assertThat(watcher.lowestReady()).as("lowest Ready count of web's pods during the upgrade").isEqualTo(REPLICAS);
        }

        for (int i = 0; i < nodes.size(); i++) {
            upgrader.upgradeKubelet(nodes.get(i), TO, LocalControlPlaneUpgradeIT::print);
            Map<String, String> versions = kubeletVersions();
            for (int j = 0; j < nodes.size(); j++) {
                assertThat(versions.get(nodes.get(j))).as("kubelet of " + nodes.get(j)).isEqualTo((j <= i ? TO : FROM).toString());
            }
        }
        assertThat(client.nodes().list().getItems()).allMatch(LocalControlPlaneUpgradeIT::ready);
        assertThatThrownBy(() -> upgrader.upgradeControlPlane(null, FROM, LocalControlPlaneUpgradeIT::print))
                .isInstanceOf(KubeOpsException.class).hasMessageContaining("downgrades are not supported");
        // kwok's heartbeats since the node upgrades left the versions alone.
        assertThat(kubeletVersions().values()).containsOnly(TO.toString());
    }

    private static void createWebDeployment() {
        Namespace namespace = new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build();
        client.namespaces().resource(namespace).create();
        // Pods are only admitted once the controller manager has created the namespace's default service account.
        Waits.until(Instant.now().plusSeconds(60), "service account default in " + NAMESPACE,
                () -> client.serviceAccounts().inNamespace(NAMESPACE).withName("default").get() != null);
        Deployment web = new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(REPLICAS)
                .withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewStrategy().withType("RollingUpdate").withNewRollingUpdate()
                .withNewMaxUnavailable(0).withNewMaxSurge(1).endRollingUpdate().endStrategy()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("web").withImage("registry.invalid/web:1").endContainer().endSpec()
                .endTemplate().endSpec().build();
        client.apps().deployments().inNamespace(NAMESPACE).resource(web).create();
    }

    private static long readyWebPods() {
        return client.pods().inNamespace(NAMESPACE).withLabel("app", "web").list().getItems().stream()
                .filter(LocalControlPlaneUpgradeIT::ready).count();
    }

    private static Set<String> webPodUids() {
        return client.pods().inNamespace(NAMESPACE).withLabel("app", "web").list().getItems().stream()
                .map(pod -> pod.getMetadata().getUid()).collect(Collectors.toSet());
    }

    private static Map<String, String> kubeletVersions() {
        return client.nodes().list().getItems().stream().collect(Collectors.toMap(node -> node.getMetadata().getName(),
                node -> node.getStatus().getNodeInfo().getKubeletVersion()));
    }

    private static Map<String, LocalCluster.Component> components() {
        return LocalCluster.components(cluster).stream().collect(Collectors.toMap(LocalCluster.Component::name, Function.identity()));
    }

    private static int indexOf(List<String> lines, String fragment) {
        synchronized (lines) {
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(fragment)) {
                    return i;
                }
            }
        }
        throw new AssertionError("no progress line contains '" + fragment + "' in " + lines);
    }

    static boolean ready(Node node) {
        return node.getStatus() != null && node.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static boolean ready(Pod pod) {
        return pod.getMetadata().getDeletionTimestamp() == null && pod.getStatus() != null
                && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    private static void print(String line) {
        System.out.println("[cp-upgrade] " + line);
    }

    /**
     * Counts the Ready pods of one app from an informer's cache after every event, and keeps the lowest count. While the
     * apiserver restarts the informer keeps its cache and relists once it is back, so only real changes count.
     */
    static final class ReadyPodsWatcher implements AutoCloseable {
        private final SharedIndexInformer<Pod> informer;
        private final AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        private volatile boolean synced;

        ReadyPodsWatcher(KubernetesClient client, String namespace, String app) throws Exception {
            informer = client.pods().inNamespace(namespace).withLabel("app", app).runnableInformer(0);
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Pod pod) {
                    record();
                }

                @Override
                public void onUpdate(Pod old, Pod pod) {
                    record();
                }

                @Override
                public void onDelete(Pod pod, boolean finalStateUnknown) {
                    record();
                }
            });
            informer.start().toCompletableFuture().get(60, TimeUnit.SECONDS);
            // Counted from the first full list on: the adds of the initial list arrive one by one.
            synced = true;
            record();
        }

        int ready() {
            return (int) informer.getStore().list().stream().filter(LocalControlPlaneUpgradeIT::ready).count();
        }

        int lowestReady() {
            return lowest.get();
        }

        private void record() {
            if (synced) {
                lowest.accumulateAndGet(ready(), Math::min);
            }
        }

        @Override
        public void close() {
            informer.close();
        }
    }
}
