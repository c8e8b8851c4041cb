package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jenkins core's {@code hudson.slaves.NodeProvisioner}, one per label, with the strategy chain of a given setup.
 *
 * <p>What it reproduces: {@code update()} first adds the planned nodes whose futures are done (kubernetes-plugin's are done
 * at once, so a planned agent's pod is only created at the label's next review), then takes a snapshot (idle, connecting and
 * online agents, queue length) and consults the strategies in order until one declares provisioning completed. Reviews run
 * every {@code NodeProvisionerInvoker} period (LoadStatistics.CLOCK, 10 s) and when {@code suggestReviewNow()} is called,
 * which runs at most one review per second: a call within a second of the last review schedules one at the end of that
 * second and later calls are ignored until it has run. {@code LoadStatisticsUpdater} feeds the exponential moving averages
 * (decay 0.9 per 10 s) that core's standard strategy reads.
 */
final class NodeProvisionerModel implements Provisioning {

    static final float DECAY = 0.9f;
    static final long SUGGESTED_REVIEW_THROTTLE_MILLIS = 1_000;

    /** A {@code NodeProvisioner.Strategy}; returns true for {@code PROVISIONING_COMPLETED}. */
    interface Strategy {
        boolean apply(Round round);

        default void launchFailed(Agent agent, String reason, NodeProvisionerModel provisioner) {
        }

        default void agentOnline(Agent agent) {
        }

        /** A pod left a cluster. Jenkins itself is not told; a strategy that watches the clusters may be. */
        default void roomFreed(NodeProvisionerModel provisioner) {
        }
    }

    /** {@code NodeProvisioner.StrategyState}. */
    static final class Round {
        final String label;
        final JenkinsFarm.LabelSnapshot snapshot;
        final int plannedCapacitySnapshot;
        final LabelState state;
        final NodeProvisionerModel provisioner;
        int additionalPlannedCapacity;

        Round(String label, JenkinsFarm.LabelSnapshot snapshot, int plannedCapacitySnapshot, LabelState state,
              NodeProvisionerModel provisioner) {
            this.label = label;
            this.snapshot = snapshot;
            this.plannedCapacitySnapshot = plannedCapacitySnapshot;
            this.state = state;
            this.provisioner = provisioner;
        }

        JenkinsFarm farm() {
            return provisioner.farm();
        }

        void recordPendingLaunches(List<Agent> planned) {
            state.pendingLaunches.addAll(planned);
            additionalPlannedCapacity += planned.size();
        }
    }

    /** A {@code hudson.model.TimeSeries} at the 10-second scale: the latest exponential moving average. */
    static final class Ema {
        float latest;

        void update(float value) {
            latest = latest * DECAY + value * (1 - DECAY);
        }
    }

    /** Per label: the throttle of suggested reviews, planned launches, and the moving averages. */
    static final class LabelState {
        long lastSuggestedReview = Long.MIN_VALUE / 2;
        boolean queuedReview;
        final List<Agent> pendingLaunches = new ArrayList<>();
        final Ema plannedCapacities = new Ema();
        final Ema queueLength = new Ema();
        final Ema availableExecutors = new Ema();
        final Ema connectingExecutors = new Ema();
    }

    private final JenkinsFarm farm;
    private final List<Strategy> strategies;
    private final boolean fastProvisioning;
    private final Map<String, LabelState> labels = new LinkedHashMap<>();

    /**
     * @param fastProvisioning kubernetes-plugin's {@code NoDelayProvisionerStrategy.FastProvisioning} queue listener is
     *                         active: every build entering the queue suggests a review once per Kubernetes cloud
     */
    NodeProvisionerModel(JenkinsFarm farm, List<Strategy> strategies, boolean fastProvisioning) {
        this.farm = farm;
        this.strategies = List.copyOf(strategies);
        this.fastProvisioning = fastProvisioning;
        for (String label : farm.labels()) {
            labels.put(label, new LabelState());
        }
    }

    @Override
    public void start() {
        Timings timings = farm.scenario.timings();
        long period = timings.provisionerPeriod().toMillis();
        long statistics = timings.statisticsPeriod().toMillis();
        // Jenkins has been up for a while: both periodic tasks are running, half a period apart.
        every(period, 0, () -> labels.keySet().forEach(this::update));
        every(statistics, statistics / 2, this::updateStatistics);
    }

    private void every(long period, long first, Runnable action) {
        farm.loop.at(first, new Runnable() {
            @Override
            public void run() {
                if (!farm.metrics.allFinished()) {
                    action.run();
                    farm.loop.after(period, this);
                }
            }
        });
    }

    private void updateStatistics() {
        labels.forEach((label, state) -> {
            JenkinsFarm.LabelSnapshot snapshot = farm.snapshot(label);
            state.queueLength.update(snapshot.queueLength());
            state.availableExecutors.update(snapshot.available());
            state.connectingExecutors.update(snapshot.connecting());
        });
    }

    @Override
    public void jobEnteredBuildable(String label) {
        if (fastProvisioning) {
            for (int cloud = 0; cloud < farm.clusters.size(); cloud++) {
                suggestReviewNow(label);
            }
        }
    }

    void suggestReviewNow(String label) {
        LabelState state = labels.get(label);
        if (state.queuedReview) {
            return;
        }
        long now = farm.loop.now();
        long delay = SUGGESTED_REVIEW_THROTTLE_MILLIS - (now - state.lastSuggestedReview);
        if (delay < 0) {
            state.lastSuggestedReview = now;
            farm.loop.at(now, () -> update(label));
        } else {
            state.queuedReview = true;
            farm.loop.after(delay, () -> {
                state.lastSuggestedReview = farm.loop.now();
                update(label);
            });
        }
    }

    /** kubernetes-plugin's NoDelay strategy asks for another review a second after it provisioned. */
    void suggestReviewAfter(String label, long delayMillis) {
        farm.loop.after(delayMillis, () -> suggestReviewNow(label));
    }

    private void update(String label) {
        LabelState state = labels.get(label);
        state.lastSuggestedReview = farm.loop.now();
        state.queuedReview = false;
        for (Agent planned : state.pendingLaunches) {
            farm.addNode(planned);
        }
        state.pendingLaunches.clear();
        int plannedCapacitySnapshot = 0; // kubernetes-plugin's planned nodes are done at once, so none is still pending
        state.plannedCapacities.update(plannedCapacitySnapshot);
        JenkinsFarm.LabelSnapshot snapshot = farm.snapshot(label);
        if (snapshot.queueLength() <= snapshot.available()) {
            return;
        }
        Round round = new Round(label, snapshot, plannedCapacitySnapshot, state, this);
        for (Strategy strategy : strategies) {
            if (strategy.apply(round)) {
                break;
            }
        }
    }

    JenkinsFarm farm() {
        return farm;
    }

    @Override
    public void capacityChanged() {
        strategies.forEach(strategy -> strategy.roomFreed(this));
    }

    boolean hasWaitingBuilds(String label) {
        return farm.snapshot(label).queueLength() > 0;
    }

    List<String> labels() {
        return List.copyOf(labels.keySet());
    }

    @Override
    public void launchFailed(Agent agent, String reason) {
        strategies.forEach(strategy -> strategy.launchFailed(agent, reason, this));
    }

    @Override
    public void agentOnline(Agent agent) {
        strategies.forEach(strategy -> strategy.agentOnline(agent));
    }
}
