package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.util.List;

/** Small farms for simulator tests. */
final class Farms {

    static final long GI = 1L << 30;
    static final ResourceAmounts AGENT = new ResourceAmounts(2_000, 4 * GI);
    static final WorkloadSpec.AgentTemplate TEMPLATE = new WorkloadSpec.AgentTemplate("k8s", AGENT, 1);

    private Farms() {
    }

    /** A cluster of {@code nodes} nodes of 8 CPU / 32 GiB, no other tenants, no outages. */
    static ClusterSpec cluster(String name, int nodes, int containerCap) {
        return new ClusterSpec(name, List.of(new ClusterSpec.NodeGroup(nodes, new ResourceAmounts(8_000, 32 * GI))), containerCap,
                ClusterSpec.TenantLoad.NONE, List.of());
    }

    static Scenario scenario(List<ClusterSpec> clusters) {
        return new Scenario("test", "test farm", clusters, new WorkloadSpec(10, 1, WorkloadSpec.Bursts.NONE,
                List.of(TEMPLATE), 5), Timings.DEFAULTS);
    }

    /** A farm on the scenario, driven by hand: no builds scheduled, the given provisioning installed but not started. */
    static JenkinsFarm farm(Scenario scenario, EventLoop loop, java.util.function.Function<JenkinsFarm, Provisioning> provisioning) {
        JenkinsFarm farm = new JenkinsFarm(loop, scenario, 1, new RunMetrics(List.of(), scenario.clusters().size()), 3_600_000);
        farm.use(provisioning.apply(farm));
        return farm;
    }

    static SimJob job(int id, long arrivalMillis, Duration duration) {
        return new SimJob(id, "job-" + id, TEMPLATE, arrivalMillis, duration.toMillis());
    }
}
