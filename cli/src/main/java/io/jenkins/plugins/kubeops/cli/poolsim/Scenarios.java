package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.util.List;

/**
 * The built-in scenarios. All share one workload: 2,000 builds, a steady 3 per minute plus a burst of 20..40 builds within
 * two minutes every 30 minutes on average (about 4 builds per minute overall, some 8 hours); 75% of jobs use a 2 CPU / 4 GiB
 * agent, 25% a 6 CPU / 12 GiB one. Every cloud has a container cap of 40 agents — more than its free room, as caps usually
 * are, because they are set once and the room changes.
 */
public final class Scenarios {

    public static final List<String> NAMES = List.of("balanced", "heterogeneous", "failing", "sizes");

    static final long GI = 1L << 30;
    static final ResourceAmounts STANDARD_NODE = new ResourceAmounts(16_000, 64 * GI);
    static final ResourceAmounts BIG_NODE = new ResourceAmounts(32_000, 128 * GI);
    static final ResourceAmounts SMALL_NODE = new ResourceAmounts(4_000, 16 * GI);
    static final int CONTAINER_CAP = 40;

    static final WorkloadSpec WORKLOAD = new WorkloadSpec(2_000, 2.4,
            new WorkloadSpec.Bursts(Duration.ofMinutes(30), 15, 30, Duration.ofMinutes(2)),
            List.of(new WorkloadSpec.AgentTemplate("k8s", new ResourceAmounts(2_000, 4 * GI), 0.75),
                    new WorkloadSpec.AgentTemplate("k8s-large", new ResourceAmounts(6_000, 12 * GI), 0.25)),
            1_000);

    private Scenarios() {
    }

    public static Scenario named(String name) {
        SimulationSettings.scenario(name).throwIfError();
        return switch (name) {
            case "balanced" -> balanced();
            case "heterogeneous" -> heterogeneous();
            case "sizes" -> sizes();
            default -> failing();
        };
    }

    /** Three equal clusters; other tenants use about 40% of each, and their batch pods come and go. */
    public static Scenario balanced() {
        return new Scenario("balanced", "three equal clusters (6 nodes x 16 CPU), other tenants use ~40% of each",
                List.of(standard("a"), standard("b"), standard("c")), WORKLOAD, Timings.DEFAULTS);
    }

    /**
     * Three different clusters: a — 4 big nodes, busy with other tenants (~55%); b — 16 small nodes (4 CPU) where the large
     * agent never fits and the small one fits once or twice per node; c — 6 standard nodes of which a batch job takes 40% from
     * minute 100 to minute 200.
     */
    public static Scenario heterogeneous() {
        ClusterSpec big = new ClusterSpec("a", List.of(new ClusterSpec.NodeGroup(4, BIG_NODE)), CONTAINER_CAP,
                new ClusterSpec.TenantLoad(0.45, 0.10, List.of()), List.of());
        ClusterSpec small = new ClusterSpec("b", List.of(new ClusterSpec.NodeGroup(16, SMALL_NODE)), CONTAINER_CAP,
                new ClusterSpec.TenantLoad(0.10, 0.10, List.of()), List.of());
        ClusterSpec fillsUp = new ClusterSpec("c", List.of(new ClusterSpec.NodeGroup(6, STANDARD_NODE)), CONTAINER_CAP,
                new ClusterSpec.TenantLoad(0.25, 0.10, List.of(new ClusterSpec.TenantLoad.FillUp(Duration.ofMinutes(100),
                        Duration.ofMinutes(200), 0.4))), List.of());
        return new Scenario("heterogeneous", "a: 4 big nodes, busy; b: 16 small nodes (the large agent never fits); "
                + "c: 6 nodes, 40% taken by a batch job from minute 100 to 200", List.of(big, small, fillsUp), WORKLOAD,
                Timings.DEFAULTS);
    }

    /**
     * The balanced clusters, but b fails twice: from minute 60 to 120 its admission webhook is down, so the API server refuses
     * every pod while b looks idle and healthy; from minute 180 to 200 its API server is unreachable.
     */
    public static Scenario failing() {
        ClusterSpec failing = new ClusterSpec("b", List.of(new ClusterSpec.NodeGroup(6, STANDARD_NODE)), CONTAINER_CAP,
                standardTenants(), List.of(
                        new ClusterSpec.Outage(ClusterSpec.Outage.Kind.PODS_REJECTED, Duration.ofMinutes(60), Duration.ofMinutes(120)),
                        new ClusterSpec.Outage(ClusterSpec.Outage.Kind.API_UNREACHABLE, Duration.ofMinutes(180),
                                Duration.ofMinutes(200))));
        return new Scenario("failing", "balanced, but b refuses every pod (webhook down) from minute 60 to 120 and its API "
                + "server is unreachable from minute 180 to 200", List.of(standard("a"), failing, standard("c")), WORKLOAD,
                Timings.DEFAULTS);
    }

    /**
     * Clusters that differ ten times in size: a — 30 standard nodes, 70% used by other tenants (a big shared cluster: ~144
     * CPU free in all, but ~5 per node); b — 6 nodes, half used (~48 CPU free); c — 3 nodes, 30% used (~34 CPU free). A
     * policy that ranks by free share must not take c's high share for much room, nor a's low share for little.
     */
    public static Scenario sizes() {
        ClusterSpec big = new ClusterSpec("a", List.of(new ClusterSpec.NodeGroup(30, STANDARD_NODE)), CONTAINER_CAP,
                new ClusterSpec.TenantLoad(0.60, 0.10, List.of()), List.of());
        ClusterSpec medium = new ClusterSpec("b", List.of(new ClusterSpec.NodeGroup(6, STANDARD_NODE)), CONTAINER_CAP,
                new ClusterSpec.TenantLoad(0.35, 0.15, List.of()), List.of());
        ClusterSpec small = new ClusterSpec("c", List.of(new ClusterSpec.NodeGroup(3, STANDARD_NODE)), CONTAINER_CAP,
                new ClusterSpec.TenantLoad(0.20, 0.10, List.of()), List.of());
        return new Scenario("sizes", "a: 30 nodes x 16 CPU, 70% used by other tenants; b: 6 nodes, 50% used; c: 3 nodes, "
                + "30% used (a is 10x c)", List.of(big, medium, small), WORKLOAD, Timings.DEFAULTS);
    }

    private static ClusterSpec standard(String name) {
        return new ClusterSpec(name, List.of(new ClusterSpec.NodeGroup(6, STANDARD_NODE)), CONTAINER_CAP, standardTenants(),
                List.of());
    }

    private static ClusterSpec.TenantLoad standardTenants() {
        return new ClusterSpec.TenantLoad(0.25, 0.15, List.of());
    }
}
