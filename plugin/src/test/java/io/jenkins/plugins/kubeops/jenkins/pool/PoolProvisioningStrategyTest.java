package io.jenkins.plugins.kubeops.jenkins.pool;

import static io.jenkins.plugins.kubeops.jenkins.pool.PoolModelsTest.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.ExtensionList;
import hudson.model.Descriptor;
import hudson.model.FreeStyleProject;
import hudson.model.Label;
import hudson.slaves.Cloud;
import hudson.slaves.NodeProvisioner;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubernetes.NoDelayProvisionerStrategy;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolPlacementService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.csanchez.jenkins.plugins.kubernetes.InProvisioning;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud;
import org.csanchez.jenkins.plugins.kubernetes.PodTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PoolProvisioningStrategyTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final FakePoolLoads loads = new FakePoolLoads();
    private JenkinsRule r;

    @BeforeEach
    void fakeLoads(JenkinsRule r) {
        this.r = r;
        PoolPlacements.get().useLoads(loads);
    }

    @Test
    void isConsultedBeforeTheKubernetesPluginsAndCoresStrategies(JenkinsRule r) {
        List<Class<?>> order = ExtensionList.lookup(NodeProvisioner.Strategy.class).stream()
                .<Class<?>>map(Object::getClass).toList();
        int pools = order.indexOf(PoolProvisioningStrategy.class);

        assertTrue(pools >= 0, order.toString());
        assertTrue(pools < order.indexOf(NoDelayProvisionerStrategy.class), order.toString());
        assertTrue(pools < order.indexOf(NodeProvisioner.StandardStrategyImpl.class), order.toString());
    }

    @Test
    void asksAKubernetesCloudForTheNewAgentsPlusTheLabelsAgentsInProvisioning() {
        KubernetesCloud cloud = new KubernetesCloud("k8s");
        PodTemplate template = new PodTemplate();
        template.setName("maven");
        template.setLabel("maven");
        cloud.addTemplate(template);
        r.jenkins.clouds.add(cloud);
        loads.node("k8s/ci", 64, 256, 0, 0);
        List<PlannedNode> recorded = new ArrayList<>();

        PoolPlacementService.Offers outcome = offer(PoolModels.toEngine(pool("linux", "maven", member("k8s"))), 2, recorded);

        assertEquals(2, InProvisioning.getAllInProvisioning(r.jenkins.getLabel("maven")).size(), "agents already starting");
        assertEquals(2, outcome.provided(), "the cloud subtracts the 2 starting agents: asked for 2 alone, it plans none");
        assertEquals(2, recorded.size());
    }

    /** Two agents of the label starting elsewhere (in any cloud), as kubernetes-plugin's own extension reports them. */
    @TestExtension("asksAKubernetesCloudForTheNewAgentsPlusTheLabelsAgentsInProvisioning")
    public static final class TwoAgentsStarting extends InProvisioning {
        @NonNull
        @Override
        public Set<String> getInProvisioning(Label label) {
            return label != null && label.getName().equals("maven") ? Set.of("maven-a1b2c", "maven-d3e4f") : Set.of();
        }
    }

    /** The engine counts planned agents (PoolPlacementServiceTest); here: a planned node's name is its pod's name. */
    @Test
    void agentsPlacedBeforeTheirPodsExistCountAgainstTheMembersCap() {
        FakeCloud capped = addCloud("capped", 10);
        FakeCloud spare = addCloud("spare", 10);
        loads.node("capped/ci", 64, 256, 0, 0).node("spare/ci", 16, 64, 0, 0); // the capped member looks best throughout
        CloudMember cappedMember = member("capped");
        cappedMember.setMaxAgents(2);
        Pool pool = PoolModels.toEngine(pool("linux", "maven", cappedMember, member("spare")));
        List<PlannedNode> recorded = new ArrayList<>();

        offer(pool, 2, recorded);
        offer(pool, 2, recorded); // the next round (or another label of the pool) before any of the pods exists

        assertEquals(List.of(2), capped.offered);
        assertEquals(List.of(2), spare.offered, "the first two agents fill the cap of 2 although no pod shows them yet");

        // The fake cluster now shows their pods but not their load: they stop counting as planned, so the cap has room again.
        loads.agentPod("capped", "ci", "capped-10").agentPod("capped", "ci", "capped-9");
        offer(pool, 1, recorded);

        assertEquals(List.of(2, 1), capped.offered);
    }

    @Test
    void aQueuedBuildGetsItsAgentFromTheNextCloudWhenTheBestOneIsFull() throws Exception {
        FakeCloud full = addCloud("full", 0);
        FakeCloud spare = addCloud("spare", 5);
        loads.node("full/ci", 64, 256, 0, 0).node("spare/ci", 16, 64, 8, 32);
        KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven", member("full"), member("spare"))));

        queueBuildFor("maven");
        await(() -> !spare.offered.isEmpty());

        assertEquals(List.of(1), full.offered, "the best-ranked cloud is asked first");
        assertEquals(List.of(1), spare.offered);
    }

    @Test
    void workNoMemberCanTakeStaysQueuedInsteadOfGoingToAnotherStrategy() throws Exception {
        FakeCloud noTemplate = addCloud("no-template", 5);
        noTemplate.label = "other";
        FakeCloud outside = addCloud("outside", 5); // not in the pool; core's strategy would use it at once
        loads.node("no-template/ci", 64, 256, 0, 0);
        KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven", member("no-template"))));

        queueBuildFor("maven");
        await(() -> noTemplate.checks.get() >= 3); // so the first provisioning round has run to its end

        assertEquals(List.of(), noTemplate.offered);
        assertEquals(List.of(), outside.offered, "no other strategy was consulted for the pool's label");
    }

    @Test
    void labelsNoPoolServesAreLeftToTheOtherStrategies() throws Exception {
        FakeCloud outside = addCloud("outside", 5);
        outside.label = "gradle";
        KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven", member("outside"))));

        queueBuildFor("gradle");
        await(() -> !outside.offered.isEmpty());

        assertEquals(1, outside.offered.get(0), "core's standard strategy provisioned it");
    }

    private PoolPlacementService.Offers offer(Pool pool, int excess, List<PlannedNode> recorded) {
        return CloudOffers.offer(pool, AgentRequest.of(1000, 1L << 30), r.jenkins.getLabel("maven"), excess, recorded::size,
                recorded::addAll, PoolPlacements.get(), r.jenkins::getCloud);
    }

    private void queueBuildFor(String label) throws Exception {
        FreeStyleProject project = r.createFreeStyleProject();
        project.setAssignedLabel(r.jenkins.getLabel(label));
        project.scheduleBuild2(0);
    }

    /** Nudges the label's provisioner (at most once a second, as core throttles it) until the condition holds. */
    private void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Label label : List.of(r.jenkins.getLabel("maven"), r.jenkins.getLabel("gradle"))) {
            label.nodeProvisioner.suggestReviewNow();
        }
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(200);
            r.jenkins.getLabel("maven").nodeProvisioner.suggestReviewNow();
            r.jenkins.getLabel("gradle").nodeProvisioner.suggestReviewNow();
        }
    }

    private FakeCloud addCloud(String name, int capacity) {
        FakeCloud cloud = new FakeCloud(name, capacity);
        r.jenkins.clouds.add(cloud);
        return cloud;
    }

    private static CloudMember member(String cloud) {
        CloudMember member = new CloudMember(cloud);
        member.setNamespace("ci");
        return member;
    }

    /** Provides up to {@code capacity} one-executor agents for its label, never finished: planned capacity only. */
    public static final class FakeCloud extends Cloud {

        final List<Integer> offered = new CopyOnWriteArrayList<>();
        final AtomicInteger checks = new AtomicInteger();
        volatile String label = "maven";
        private int left;

        FakeCloud(String name, int capacity) {
            super(name);
            this.left = capacity;
        }

        @Override
        public boolean canProvision(@NonNull CloudState state) {
            checks.incrementAndGet();
            return state.getLabel() != null && state.getLabel().getName().equals(label);
        }

        @Override
        public synchronized Collection<PlannedNode> provision(@NonNull CloudState state, int excessWorkload) {
            offered.add(excessWorkload);
            List<PlannedNode> nodes = new ArrayList<>();
            for (; left > 0 && nodes.size() < excessWorkload; left--) {
                nodes.add(new PlannedNode(name + "-" + left, new CompletableFuture<>(), 1));
            }
            return nodes;
        }

        @TestExtension
        public static final class DescriptorImpl extends Descriptor<Cloud> {
            @NonNull
            @Override
            public String getDisplayName() {
                return "Fake cloud";
            }
        }
    }
}
