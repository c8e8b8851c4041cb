package io.jenkins.plugins.kubeops.engine.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.common.Progress;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/** Kwok nodes with chosen kubelet versions, a kubelet "upgrade" that rewrites the version kwok reports, and services. */
final class UpgradeItSupport {

    static final Duration LEASE = Duration.ofSeconds(3);

    /** What a test's run said, for assertions and for the build log. */
    static final class Lines implements Progress {
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void say(String line) {
            lines.add(line);
            System.out.println("[upgrade] " + line);
        }

        boolean any(String text) {
            synchronized (lines) {
                return lines.stream().anyMatch(l -> l.contains(text));
            }
        }
    }

    /** Thrown to simulate the process dying (an Error passes the service's failure handling, as a kill would). */
    static final class SimulatedProcessDeath extends Error {
        SimulatedProcessDeath(String node) {
            super("simulated death of the upgrading process while upgrading " + node);
        }
    }

    private UpgradeItSupport() {
    }

    /** Creates kwok nodes {@code <ns>-<suffix>} that report kubelet {@code version} once Ready. */
    static List<String> nodes(TestNamespace namespace, String version, String... suffixes) {
        List<String> names = new ArrayList<>();
        for (String suffix : suffixes) {
            names.add(namespace.createNode(suffix, "4", "16Gi", Map.of()).getMetadata().getName());
        }
        namespace.awaitNodesReady(Duration.ofSeconds(60));
        for (String name : names) {
            setKubeletVersion(namespace.client(), name, version);
        }
        return names;
    }

    /** What a kubelet upgrade changes as the API sees it; kwok keeps a reported nodeInfo as it is. */
    static void setKubeletVersion(KubernetesClient client, String node, String version) {
        client.nodes().withName(node).editStatus(n -> {
            n.getStatus().setNodeInfo(new NodeSystemInfoBuilder().withKubeletVersion(version).withKubeProxyVersion("")
                    .withArchitecture("amd64").withOperatingSystem("linux").withContainerRuntimeVersion("kwok")
                    .withKernelVersion("kwok").withOsImage("kwok").withMachineID("").withSystemUUID("").withBootID("")
                    .build());
            return n;
        });
    }

    /** Takes the node out of kwok's hands and reports it NotReady, as a node whose kubelet does not come back. */
    static void breakNode(KubernetesClient client, String node) {
        client.nodes().withName(node).edit(n -> {
            n.getMetadata().getLabels().put("kube-ops.test/manual-status", "true");
            return n;
        });
        client.nodes().withName(node).editStatus(n -> {
            n.getStatus().getConditions().removeIf(c -> "Ready".equals(c.getType()));
            n.getStatus().getConditions().add(new NodeConditionBuilder().withType("Ready").withStatus("False")
                    .withReason("KubeletNotReady").withMessage("kubelet does not start after the upgrade").build());
            return n;
        });
    }

    static String kubeletVersion(KubernetesClient client, String node) {
        return client.nodes().withName(node).get().getStatus().getNodeInfo().getKubeletVersion();
    }

    static boolean cordoned(KubernetesClient client, String node) {
        return NodeCordon.isCordoned(client.nodes().withName(node).get());
    }

    /** A test upgrader: runs {@code onKubelet} per node (default: report the target version), counting calls. */
    static class FakeUpgrader implements NodeUpgrader {
        final Map<String, Integer> calls = new ConcurrentHashMap<>();
        private final KubernetesClient client;
        private final BiConsumer<String, KubeVersion> onKubelet;

        FakeUpgrader(KubernetesClient client, BiConsumer<String, KubeVersion> onKubelet) {
            this.client = client;
            this.onKubelet = onKubelet;
        }

        FakeUpgrader(KubernetesClient client) {
            this(client, null);
        }

        @Override
        public void upgradeControlPlane(String node, KubeVersion target, Progress progress) {
            throw new AssertionError("these tests never touch the control plane");
        }

        @Override
        public void upgradeKubelet(String node, KubeVersion target, Progress progress) {
            calls.merge(node, 1, Integer::sum);
            progress.say("[" + node + "] fake kubelet upgrade to " + target);
            if (onKubelet != null) {
                onKubelet.accept(node, target);
            } else {
                setKubeletVersion(client, node, target.toString());
            }
        }
    }

    /** A drainer for nodes without pods that checks the orchestrator cordoned them first. */
    static NodeDrainer checkingDrainer(KubernetesClient client) {
        return (nodes, progress) -> {
            for (String node : nodes) {
                assertThat(cordoned(client, node)).as("node " + node + " is cordoned before its drain").isTrue();
            }
            return new NodeDrainer.Result(nodes, Map.of());
        };
    }

    static UpgradeService.Settings settings(TestNamespace namespace) {
        return UpgradeService.Settings.DEFAULTS.withStateName("kube-ops-upgrade-" + namespace.name(), LEASE)
                .withHealth(new HealthGateSettings(1, Duration.ofMillis(500), Duration.ofSeconds(30), Optional.empty()))
                .withNodeTimeout(Duration.ofSeconds(20));
    }

    static UpgradeService service(TestNamespace namespace, NodeUpgrader upgrader, NodeDrainer drainer, String holder) {
        return service(namespace, new UpgradeService.Parts(upgrader, id -> drainer, Optional.empty()), holder);
    }

    static UpgradeService service(TestNamespace namespace, UpgradeService.Parts parts, String holder) {
        return new UpgradeService(namespace.client(), parts, settings(namespace), Polling.real(Clock.systemUTC()), holder);
    }

    /** Only this test's nodes, in batches of up to {@code maxUnavailable}. */
    static UpgradePolicy policy(TestNamespace namespace, String maxUnavailable) {
        return UpgradePolicy.DEFAULTS.withMaxUnavailable(MaxUnavailable.parse(maxUnavailable))
                .withNodeSelector(Map.of("kube-ops.test/namespace", namespace.name()));
    }

    static void cleanUp(TestNamespace namespace) {
        String name = "kube-ops-upgrade-" + namespace.name();
        namespace.client().configMaps().inNamespace("kube-system").withName(name).delete();
        namespace.client().leases().inNamespace("kube-system").withName(name).delete();
    }

    static Set<String> set(List<String> list) {
        return Set.copyOf(list);
    }
}
