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
import io.jenkins.plugins.kubeops.pool.AgentRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
    void movesOnToTheNextCloudWhenOneProvisionsNothing() {
        FakeCloud full = addCloud("full", 0);
        FakeCloud spare = addCloud("spare", 5);
        loads.node("full/ci", 64, 256, 0, 0).node("spare/ci", 16, 64, 8, 32); // the full cloud looks best
        List<PlannedNode> recorded = new ArrayList<>();

        CloudOffers.Outcome outcome = CloudOffers.offer(
                PoolModels.toEngine(pool("linux", "maven", member("full"), member("spare"))), AgentRequest.of(1000, 1L << 30),
                r.jenkins.getLabel("maven"), 3, recorded::size, recorded::addAll, PoolPlacements.get(), r.jenkins::getCloud);

        assertEquals(List.of(3), full.offered);
        assertEquals(List.of(3), spare.offered);
        assertEquals(3, outcome.provided());
        assertEquals(3, recorded.size());
        assertEquals(List.of("full/ci: 0 of 3", "spare/ci: 3 of 3"), outcome.offers());
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
