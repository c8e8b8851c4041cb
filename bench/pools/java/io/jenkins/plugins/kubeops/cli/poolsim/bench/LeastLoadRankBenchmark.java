package io.jenkins.plugins.kubeops.cli.poolsim.bench;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.LeastLoadPolicy;
import io.jenkins.plugins.kubeops.engine.pool.MemberCaps;
import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.MemberState;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.PoolMember;
import io.jenkins.plugins.kubeops.engine.pool.ProvisionHistory;
import io.jenkins.plugins.kubeops.engine.pool.QuotaHeadroom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * P2: one placement decision ({@link LeastLoadPolicy#rank}) over N members. The members look like a large farm: 4 to 32
 * usable nodes each (the probe keeps at most 32 per-node free amounts), a few pending agents, some saturated, unreachable,
 * paused, capped or backing off; the history holds 10,000 jobs' last members. The decision reads only these snapshots.
 * Sample mode adds percentiles: on a shared machine the median shows the decision's cost, the mean also the preemptions.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.AverageTime, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LeastLoadRankBenchmark {

    private static final long GI = 1L << 30;
    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    @Param({"1000", "10000"})
    int members;

    private List<MemberSnapshot> snapshots;
    private ProvisionHistory history;
    private AgentRequest request;

    @Setup
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        snapshots = new ArrayList<>(members);
        history = new ProvisionHistory();
        for (int i = 0; i < members; i++) {
            String id = "cluster-" + i + "/agents";
            MemberState state = random.nextInt(50) == 0 ? MemberState.PAUSED : MemberState.ACTIVE;
            PoolMember member = new PoolMember(id, "cluster-" + i, "agents", Map.of(), new MemberCaps(random.nextInt(20, 200), 0, 0),
                    random.nextInt(3) == 0 ? 1 : 0, 0.5 + random.nextDouble(), state);
            snapshots.add(new MemberSnapshot(member, random.nextInt(50) == 0 ? MemberLoad.unreachable(id) : load(id, random)));
            if (random.nextInt(40) == 0) {
                history.recordFailure(id, NOW.minusSeconds(10), "pod rejected");
            }
        }
        for (int job = 0; job < 10_000; job++) {
            history.recordPlacement("job-" + job, "cluster-" + random.nextInt(members) + "/agents");
        }
        request = new AgentRequest(new ResourceAmounts(2_000, 4 * GI), java.util.Optional.of("job-42"));
    }

    private static MemberLoad load(String id, SplittableRandom random) {
        int nodes = random.nextInt(4, 33);
        long nodeCpu = 16_000;
        long nodeMemory = 64 * GI;
        List<ResourceAmounts> free = new ArrayList<>(nodes);
        long requestedCpu = 0;
        long requestedMemory = 0;
        for (int n = 0; n < nodes; n++) {
            long usedCpu = random.nextLong(nodeCpu + 1);
            long usedMemory = random.nextLong(nodeMemory + 1);
            requestedCpu += usedCpu;
            requestedMemory += usedMemory;
            free.add(new ResourceAmounts(nodeCpu - usedCpu, nodeMemory - usedMemory));
        }
        free.sort((x, y) -> Long.compare(y.cpuMillis(), x.cpuMillis()));
        int running = random.nextInt(0, 40);
        int pending = random.nextInt(0, 4);
        int unschedulable = random.nextInt(30) == 0 ? 1 : 0;
        ResourceAmounts agent = new ResourceAmounts(2_000, 4 * GI);
        ResourceAmounts pendingRequests = new ResourceAmounts(agent.cpuMillis() * pending, agent.memoryBytes() * pending);
        ResourceAmounts agentRequests = new ResourceAmounts(agent.cpuMillis() * (running + pending),
                agent.memoryBytes() * (running + pending));
        return new MemberLoad(id, true, new ResourceAmounts(nodeCpu * nodes, nodeMemory * nodes),
                new ResourceAmounts(requestedCpu, requestedMemory), free, QuotaHeadroom.NONE, running, pending, agentRequests,
                pendingRequests, unschedulable);
    }

    @Benchmark
    public Placement rank() {
        return LeastLoadPolicy.rank(request, snapshots, history, NOW);
    }
}
