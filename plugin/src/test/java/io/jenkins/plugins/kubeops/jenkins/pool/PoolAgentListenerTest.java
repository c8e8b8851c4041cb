package io.jenkins.plugins.kubeops.jenkins.pool;

import static io.jenkins.plugins.kubeops.jenkins.pool.PoolModelsTest.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.ExtensionList;
import hudson.slaves.NodeProvisioner.PlannedNode;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesCloud;
import org.csanchez.jenkins.plugins.kubernetes.KubernetesSlave;
import org.csanchez.jenkins.plugins.kubernetes.PodTemplate;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

@WithJenkins
class PoolAgentListenerTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void aPoolAgentThatFailsToLaunchBacksItsMemberOffAndHasItsLabelReviewedAtOnce(JenkinsRule r) throws Exception {
        FakePoolLoads loads = new FakePoolLoads().node("broken/ci", 64, 256, 0, 0);
        PoolPlacements placements = PoolPlacements.get();
        placements.useLoads(loads);
        KubernetesCloud cloud = new KubernetesCloud("broken");
        cloud.setServerUrl("https://127.0.0.1:1"); // nothing listens there: creating the pod fails
        PodTemplate template = new PodTemplate();
        template.setName("maven");
        template.setLabel("maven");
        cloud.addTemplate(template);
        r.jenkins.clouds.add(cloud);
        CloudMember member = new CloudMember("broken");
        member.setNamespace("ci");
        KubePoolsConfiguration.get().setPools(List.of(pool("linux", "maven", member)));
        Pool pool = PoolModels.toEngine(KubePoolsConfiguration.get().getPools().get(0));
        List<String> reviewed = new CopyOnWriteArrayList<>();
        ExtensionList.lookupSingleton(PoolAgentListener.class).review = reviewed::add;

        KubernetesSlave agent = KubernetesSlave.builder().podTemplate(template).cloud(cloud).build();
        placements.planned(pool.members().get(0), AgentRequest.of(1000, 1L << 30),
                List.of(new PlannedNode(agent.getNodeName(), CompletableFuture.completedFuture(agent), 1)));
        assertEquals(1, placements.snapshots(pool).get(0).load().pendingAgents(), "planned, no pod yet: in flight");
        r.jenkins.addNode(agent); // its retention strategy launches it at once

        await(() -> !reviewed.isEmpty());

        assertEquals(List.of("maven"), reviewed);
        assertTrue(placements.history().backoff("broken/ci", Instant.now()).isPresent(), "the failure counts against the member");
        assertEquals(0, placements.snapshots(pool).get(0).load().pendingAgents(), "a failed agent is no longer in flight");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            Thread.sleep(100);
        }
    }
}
