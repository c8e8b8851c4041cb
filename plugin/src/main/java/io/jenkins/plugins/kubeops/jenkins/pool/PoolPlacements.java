package io.jenkins.plugins.kubeops.jenkins.pool;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.init.Terminator;
import io.jenkins.plugins.kubeops.pool.AgentRequest;
import io.jenkins.plugins.kubeops.pool.LeastLoadPolicy;
import io.jenkins.plugins.kubeops.pool.MemberSnapshot;
import io.jenkins.plugins.kubeops.pool.Placement;
import io.jenkins.plugins.kubeops.pool.Pool;
import io.jenkins.plugins.kubeops.pool.PoolMember;
import io.jenkins.plugins.kubeops.pool.ProvisionHistory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The controller's one placement service: member loads (live informers, started on first use), the provisioning history
 * shared by every decision (so failing members back off), and the engine's policy over them. Decisions read caches only.
 */
@Extension
public final class PoolPlacements {

    private final ProvisionHistory history = new ProvisionHistory();
    private final Clock clock = Clock.systemUTC();
    private PoolLoads loads;

    public static PoolPlacements get() {
        return ExtensionList.lookupSingleton(PoolPlacements.class);
    }

    private synchronized PoolLoads loads() {
        if (loads == null) {
            loads = new LivePoolLoads(history, clock);
        }
        return loads;
    }

    /** For tests: decide over the given loads instead of live clusters. */
    synchronized void useLoads(PoolLoads replacement) {
        if (loads != null) {
            loads.close();
        }
        loads = replacement;
    }

    /** The members that can take one agent, best first, with the one-line explanation; remembers the job's member. */
    public Placement place(Pool pool, AgentRequest request) {
        Placement placement = LeastLoadPolicy.rank(request, loads().snapshots(pool), history, clock.instant());
        placement.best().ifPresent(best -> request.affinityKey()
                .ifPresent(job -> history.recordPlacement(job, best.member().id())));
        return placement;
    }

    /** The member for each of up to {@code agents} agents, placed one after the other so that a burst spreads. */
    List<PoolMember> placeEach(Pool pool, AgentRequest request, int agents) {
        return LeastLoadPolicy.placeEach(request, loads().snapshots(pool), history, clock.instant(), agents);
    }

    List<MemberSnapshot> snapshots(Pool pool) {
        return loads().snapshots(pool);
    }

    Map<String, String> problems() {
        return loads().problems();
    }

    void awaitSynced(Pool pool, Duration timeout) {
        loads().awaitSynced(pool, timeout);
    }

    ProvisionHistory history() {
        return history;
    }

    Instant now() {
        return clock.instant();
    }

    /** Stops watching clouds no pool uses any more. */
    synchronized void poolsChanged(Set<String> cloudsBefore, Set<String> cloudsAfter) {
        if (loads == null) {
            return;
        }
        cloudsBefore.stream().filter(cloud -> !cloudsAfter.contains(cloud)).forEach(loads::forget);
    }

    synchronized void refresh() {
        if (loads != null) {
            loads.refresh();
        }
    }

    @Terminator
    public static void shutDown() {
        PoolPlacements placements = get();
        synchronized (placements) {
            if (placements.loads != null) {
                placements.loads.close();
                placements.loads = null;
            }
        }
    }
}
