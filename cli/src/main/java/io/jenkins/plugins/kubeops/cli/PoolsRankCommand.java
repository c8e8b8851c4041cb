package io.jenkins.plugins.kubeops.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterConnection;
import io.jenkins.plugins.kubeops.engine.cluster.KubernetesClientFactory;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.pool.AgentRequest;
import io.jenkins.plugins.kubeops.engine.pool.ClusterLoadState;
import io.jenkins.plugins.kubeops.engine.pool.MemberLoad;
import io.jenkins.plugins.kubeops.engine.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.engine.pool.Placement;
import io.jenkins.plugins.kubeops.engine.pool.Pool;
import io.jenkins.plugins.kubeops.engine.pool.PoolDefinitions;
import io.jenkins.plugins.kubeops.engine.pool.PoolPlacementService;
import io.jenkins.plugins.kubeops.engine.pool.PoolValidation;
import io.jenkins.plugins.kubeops.engine.pool.ProvisionHistory;
import io.fabric8.kubernetes.api.model.Quantity;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kube-ops pools rank}: the live ranking of a pool's members for one agent, with the reason for each. */
@Command(name = "rank", mixinStandardHelpOptions = true,
        description = "Rank a pool's members for one agent by real headroom, with one line of reasons.")
final class PoolsRankCommand implements Callable<Integer> {

    @ParentCommand
    PoolsCommand parent;

    @Mixin
    ConnectionOptions connectionOptions;

    @Option(names = "--pools", required = true, paramLabel = "FILE", description = "Pools file (YAML; see docs/pools.md).")
    Path poolsFile;

    @Option(names = "--pool", paramLabel = "NAME", description = "Pool to rank. Default: the pool serving --label, else the first.")
    String poolName;

    @Option(names = "--label", paramLabel = "LABEL", description = "Agent label; picks the pool that serves it.")
    String label;

    @Option(names = "--cpu", defaultValue = "1", description = "CPU the agent pod requests (default: ${DEFAULT-VALUE}).")
    String cpu;

    @Option(names = "--memory", defaultValue = "2Gi", description = "Memory the agent pod requests (default: ${DEFAULT-VALUE}).")
    String memory;

    @Option(names = "--job", paramLabel = "NAME", description = "Job the agent is for (affinity to its last member).")
    String job;

    @Option(names = "--sync-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "Seconds to wait for the first listing of each cluster (default: ${DEFAULT-VALUE}).")
    int syncTimeoutSeconds;

    @Override
    public Integer call() {
        CliContext context = parent.root.context;
        Pool pool = selectPool(readPools());
        AgentRequest request = request();
        Function<String, ClusterConnection> connections = context.connectionsByContext(connectionOptions);
        KubernetesClientFactory factory = new KubernetesClientFactory(connectionOptions.timeouts());
        Function<String, KubernetesClient> clients = cluster -> factory.create(connections.apply(cluster));
        try (PoolPlacementService service = new PoolPlacementService(clients, ClusterLoadState.DEFAULT_AGENT_LABELS,
                new ProvisionHistory(), Clock.systemUTC())) {
            service.awaitSynced(pool, Duration.ofSeconds(syncTimeoutSeconds));
            List<MemberSnapshot> snapshots = service.snapshots(pool);
            Placement placement = service.place(pool, request);
            print(context.out(), pool, request, snapshots, placement, service.problems());
        }
        return 0;
    }

    private List<Pool> readPools() {
        try {
            return PoolDefinitions.parse("'" + poolsFile + "'", Files.readString(poolsFile));
        } catch (IOException e) {
            throw new KubeOpsException("cannot read pools file '" + poolsFile + "' (" + e.getMessage() + "): check the path.", e);
        }
    }

    private Pool selectPool(List<Pool> pools) {
        if (poolName != null) {
            return pools.stream().filter(p -> p.name().equals(poolName)).findFirst().orElseThrow(() -> new KubeOpsException(
                    "no pool '" + poolName + "' in " + poolsFile + ": use one of " + pools.stream().map(Pool::name).toList() + "."));
        }
        if (label != null) {
            return pools.stream().filter(p -> p.serves(label)).findFirst().orElseThrow(() -> new KubeOpsException(
                    "no pool in " + poolsFile + " serves label '" + label + "': add it to a pool's labels."));
        }
        return pools.get(0);
    }

    private AgentRequest request() {
        PoolValidation.quantity("--cpu", cpu).throwIfError();
        PoolValidation.quantity("--memory", memory).throwIfError();
        AgentRequest request = new AgentRequest(new ResourceAmounts(ResourceAmounts.millis(new Quantity(cpu)),
                ResourceAmounts.bytes(new Quantity(memory))), Optional.empty());
        return job == null ? request : request.forJob(job);
    }

    static void print(PrintWriter out, Pool pool, AgentRequest request, List<MemberSnapshot> snapshots, Placement placement,
                      Map<String, String> problems) {
        out.printf("Pool %s (labels: %s), agent requesting %s CPU / %s%n", pool.name(), String.join(", ", pool.labels().stream().sorted().toList()),
                Units.cores(request.resources().cpuMillis()), Units.bytes(request.resources().memoryBytes()));
        Map<String, MemberLoad> loads = new HashMap<>();
        snapshots.forEach(s -> loads.put(s.member().id(), s.load()));
        int width = Math.max("MEMBER".length(), pool.members().stream().mapToInt(m -> m.id().length()).max().orElse(0));
        String row = "%-4s %-" + width + "s %4s %6s %6s %6s  %s%n";
        out.printf(row, "RANK", "MEMBER", "PRIO", "CPU", "MEMORY", "AGENTS", "HEADROOM AFTER / WHY NOT");
        int rank = 1;
        for (Placement.Candidate candidate : placement.candidates()) {
            MemberLoad load = loads.get(candidate.member().id());
            out.printf(Locale.ROOT, row, rank++, candidate.member().id(), candidate.member().priority(),
                    used(load.requested().cpuMillis(), load.allocatable().cpuMillis()),
                    used(load.requested().memoryBytes(), load.allocatable().memoryBytes()),
                    load.runningAgents() + "+" + load.pendingAgents(),
                    Math.round(candidate.freeShare() * 100) + "% " + candidate.bindingResource() + " free");
        }
        for (Placement.Rejection rejection : placement.rejections()) {
            out.printf(row, "-", rejection.member().id(), rejection.member().priority(), "", "", "", rejection.reason());
        }
        problems.forEach((cluster, problem) -> out.println("warning: " + problem));
        out.println(placement.explanation());
    }

    private static String used(long requested, long allocatable) {
        return allocatable == 0 ? "-" : Math.round(100.0 * requested / allocatable) + "%";
    }
}
