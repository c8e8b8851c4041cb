package io.jenkins.plugins.kubeops.engine.pool;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceQuotaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.jenkins.plugins.kubeops.engine.cluster.ClientTimeouts;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.common.Secret;
import io.jenkins.plugins.kubeops.engine.testing.KubernetesClusterExtension;
import io.jenkins.plugins.kubeops.engine.testing.TestNamespace;
import io.jenkins.plugins.kubeops.engine.testing.Waits;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Placement against the real control plane: kwok nodes of different sizes, quotas, pending agents, a NotReady node. */
@ExtendWith(KubernetesClusterExtension.class)
class PoolPlacementIT {

    private static final AgentRequest TWO_CPU = AgentRequest.of(2000, 2L << 30);

    @Test
    void choosesTheMemberWhoseNodesHaveTheMostRealHeadroom(TestNamespace namespace) {
        nodes(namespace, "small", "4", "a", "large", "16", "b");
        busyPod(namespace, "filler", namespace.name() + "-small", "1500m");
        Pool pool = pool(namespace, member(namespace, "a"), member(namespace, "b"));

        try (PoolPlacementService service = service(namespace)) {
            Placement placement = awaitPlacement(service, pool, p -> p.candidates().size() == 2 && p.best().get().member().id().endsWith("b"));

            assertThat(placement.best().orElseThrow().member().nodeSelector()).containsEntry("kube-ops.test/pool", namespace.name() + "-b");
            assertThat(placement.explanation()).matches("chose .*-b: 88% CPU free vs 13% CPU on .*-a");
        }
    }

    @Test
    void rejectsAMemberWhoseNamespaceQuotaIsUsedUp(TestNamespace namespace) {
        nodes(namespace, "one", "16", "a", "two", "16", "b");
        namespace.client().resourceQuotas().inNamespace(namespace.name()).resource(new ResourceQuotaBuilder()
                .withNewMetadata().withName("agents").endMetadata()
                .withNewSpec().addToHard("requests.cpu", new Quantity("1")).endSpec().build()).create();
        // Both members share the namespace, so both are refused by its quota.
        Pool pool = pool(namespace, member(namespace, "a"), member(namespace, "b"));

        try (PoolPlacementService service = service(namespace)) {
            Placement placement = awaitPlacement(service, pool, p -> p.candidates().isEmpty() && p.rejections().stream()
                    .allMatch(r -> r.reason().startsWith("namespace quota")));

            assertThat(placement.rejections()).extracting(Placement.Rejection::reason)
                    .containsOnly("namespace quota has 1 CPU left, the agent needs 2");
        }
    }

    @Test
    void treatsUnschedulableAgentPodsAsSaturationAndCountsAgentsForCaps(TestNamespace namespace) {
        nodes(namespace, "a1", "4", "a", "b1", "8", "b");
        agentPod(namespace, "stuck", Map.of("kube-ops.test/pool", namespace.name() + "-a"), "6");
        agentPod(namespace, "running", Map.of("kube-ops.test/pool", namespace.name() + "-b"), "1");
        Pool pool = pool(namespace, member(namespace, "a"),
                member(namespace, "b").withCaps(new MemberCaps(1, 0, 0)));

        try (PoolPlacementService service = service(namespace)) {
            Placement placement = awaitPlacement(service, pool, p -> p.rejections().size() == 2
                    && p.rejections().get(0).reason().startsWith("saturated")
                    && p.rejections().get(1).reason().startsWith("at its cap"));

            assertThat(placement.rejections()).extracting(Placement.Rejection::reason)
                    .containsExactly("saturated: 1 agent pods are unschedulable", "at its cap of 1 agents");
            MemberLoad b = service.snapshots(pool).get(1).load();
            assertThat(b.runningAgents()).isEqualTo(1);
            assertThat(b.agentRequests().cpuMillis()).isEqualTo(1000);
            // What the plugin asks to stop counting an agent it planned as in flight.
            assertThat(service.hasAgentPod("", namespace.name(), "running")).isTrue();
            assertThat(service.hasAgentPod("", namespace.name(), "not-created-yet")).isFalse();
            assertThat(service.hasAgentPod("unwatched", namespace.name(), "running")).isFalse();
        }
    }

    @Test
    void skipsAMemberWhoseOnlyNodeIsNotReady(TestNamespace namespace) {
        nodes(namespace, "ok", "8", "b");
        // kwok leaves nodes with this label alone, so the node stays NotReady.
        namespace.client().nodes().resource(new NodeBuilder().withNewMetadata().withName(namespace.name() + "-down")
                .addToLabels("kube-ops.test/manual-status", "true").addToLabels("kube-ops.test/pool", namespace.name() + "-a")
                .endMetadata().withNewStatus()
                .addToAllocatable("cpu", new Quantity("64")).addToAllocatable("memory", new Quantity("256Gi"))
                .addNewCondition().withType("Ready").withStatus("False").withReason("KubeletDown").endCondition()
                .endStatus().build()).create();
        Pool pool = pool(namespace, member(namespace, "a"), member(namespace, "b"));

        try (PoolPlacementService service = service(namespace)) {
            Placement placement = awaitPlacement(service, pool, p -> p.candidates().size() == 1);

            assertThat(placement.best().orElseThrow().member().id()).endsWith("-b");
            assertThat(placement.rejections().get(0).reason()).isEqualTo("no Ready, schedulable node matches its node selector");
        } finally {
            namespace.client().nodes().withName(namespace.name() + "-down").delete();
        }
    }

    @Test
    void marksAnUnreachableClusterAndPlacesOnTheOthers(TestNamespace namespace) {
        nodes(namespace, "ok", "8", "b");
        PoolMember dead = new PoolMember("dead/agents", "dead", "agents", Map.of(), MemberCaps.NONE, 0, 1, MemberState.ACTIVE);
        Pool pool = pool(namespace, dead, member(namespace, "b"));
        KubernetesClientFactory quickFactory = new KubernetesClientFactory(new ClientTimeouts(Duration.ofSeconds(1),
                Duration.ofSeconds(2), 0));
        Function<String, KubernetesClient> clients = cluster -> cluster.equals("dead")
                ? quickFactory.create(new ClusterConnection.Token("https://127.0.0.1:9", Secret.of("x"), Optional.empty(), Optional.empty()))
                : new KubernetesClientFactory().create(namespace.cluster().connection());

        try (PoolPlacementService service = new PoolPlacementService(clients, ClusterLoadState.DEFAULT_AGENT_LABELS,
                new ProvisionHistory(), Clock.systemUTC())) {
            Placement placement = awaitPlacement(service, pool, p -> p.candidates().size() == 1);

            assertThat(placement.rejections()).extracting(Placement.Rejection::reason).containsExactly("unreachable");
            assertThat(service.problems()).containsKey("dead");
        }
    }

    @Test
    void decidesFromItsCachesWithoutCallingTheApi(TestNamespace namespace) {
        nodes(namespace, "a1", "8", "a", "b1", "8", "b");
        Pool pool = pool(namespace, member(namespace, "a"), member(namespace, "b"));
        AtomicInteger requests = new AtomicInteger();
        Interceptor counter = new Interceptor() {
            @Override
            public void before(BasicBuilder builder, HttpRequest request, Interceptor.RequestTags tags) {
                requests.incrementAndGet();
            }
        };
        Function<String, KubernetesClient> clients = cluster -> new KubernetesClientBuilder()
                .withConfig(new KubernetesClientFactory().config(namespace.cluster().connection()))
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("count", counter)).build();

        try (PoolPlacementService service = new PoolPlacementService(clients, ClusterLoadState.DEFAULT_AGENT_LABELS,
                new ProvisionHistory(), Clock.systemUTC())) {
            awaitPlacement(service, pool, p -> p.candidates().size() == 2);
            int afterSync = requests.get();
            for (int i = 0; i < 1000; i++) {
                service.place(pool, TWO_CPU.forJob("job-" + i));
            }
            assertThat(requests.get()).isEqualTo(afterSync);
        }
    }

    @Test
    void tellsWhenAFinishedAgentGivesItsRoomBack(TestNamespace namespace) {
        nodes(namespace, "only", "4", "a");
        busyPod(namespace, "agent", namespace.name() + "-only", "3");
        Pool pool = pool(namespace, member(namespace, "a"));
        List<String> freedIn = new java.util.concurrent.CopyOnWriteArrayList<>();

        try (PoolPlacementService service = service(namespace)) {
            awaitPlacement(service, pool, p -> p.candidates().isEmpty());
            service.onRoomFreed(freedIn::add);
            namespace.client().pods().inNamespace(namespace.name()).withName("agent").withGracePeriod(0).delete();

            Waits.until(Instant.now().plusSeconds(30), "the room-freed signal", () -> !freedIn.isEmpty());
            assertThat(freedIn).containsOnly("");
            assertThat(service.place(pool, TWO_CPU).best()).isPresent();
        }
    }

    private static PoolPlacementService service(TestNamespace namespace) {
        return new PoolPlacementService(cluster -> new KubernetesClientFactory().create(namespace.cluster().connection()),
                ClusterLoadState.DEFAULT_AGENT_LABELS, new ProvisionHistory(), Clock.systemUTC());
    }

    /** Informers are eventually consistent: wait (bounded) for the state the test set up to be seen. */
    private static Placement awaitPlacement(PoolPlacementService service, Pool pool, java.util.function.Predicate<Placement> ready) {
        service.awaitSynced(pool, Duration.ofSeconds(30));
        Placement[] last = new Placement[1];
        BooleanSupplier condition = () -> ready.test(last[0] = service.place(pool, TWO_CPU));
        try {
            Waits.until(Instant.now().plusSeconds(30), "the expected placement", condition);
        } catch (AssertionError e) {
            throw new AssertionError("last placement: " + last[0], e);
        }
        return last[0];
    }

    private static Pool pool(TestNamespace namespace, PoolMember... members) {
        return new Pool("test", Set.of("linux"), List.of(members), 0);
    }

    private static PoolMember member(TestNamespace namespace, String group) {
        return new PoolMember(namespace.name() + "-" + group, "", namespace.name(),
                Map.of("kube-ops.test/pool", namespace.name() + "-" + group), MemberCaps.NONE, 0, 1, MemberState.ACTIVE);
    }

    /** Pairs of (suffix, cpu, group): nodes of 64Gi each, labelled with the group. */
    private static void nodes(TestNamespace namespace, String... spec) {
        for (int i = 0; i < spec.length; i += 3) {
            namespace.createNode(spec[i], spec[i + 1], "64Gi", Map.of("kube-ops.test/pool", namespace.name() + "-" + spec[i + 2]));
        }
        namespace.awaitNodesReady(Duration.ofSeconds(60));
    }

    private static void busyPod(TestNamespace namespace, String name, String node, String cpu) {
        namespace.client().pods().inNamespace(namespace.name()).resource(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNodeName(node).withContainers(container(cpu)).endSpec().build()).create();
    }

    private static void agentPod(TestNamespace namespace, String name, Map<String, String> nodeSelector, String cpu) {
        namespace.client().pods().inNamespace(namespace.name()).resource(new PodBuilder().withNewMetadata().withName(name)
                .addToLabels(ClusterLoadState.DEFAULT_AGENT_LABELS).endMetadata()
                .withNewSpec().withNodeSelector(nodeSelector).withContainers(container(cpu)).endSpec().build()).create();
    }

    private static io.fabric8.kubernetes.api.model.Container container(String cpu) {
        return new ContainerBuilder().withName("jnlp").withImage("registry.invalid/agent:1").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).addToRequests("memory", new Quantity("1Gi")).endResources().build();
    }
}
