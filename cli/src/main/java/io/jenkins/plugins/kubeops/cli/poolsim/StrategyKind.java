package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.List;
import java.util.Random;

/** The provisioning setups the simulator compares, each on the same builds, clusters and failures. */
public enum StrategyKind {

    /** Core's standard strategy alone (kubernetes-plugin's no-delay strategy disabled): clouds in configured order. */
    CONFIGURED_ORDER("configured order"),
    /** kubernetes-plugin's default: its no-delay strategy (shuffle, stop at the first cloud), then core's standard one. */
    RANDOM_SHUFFLE("random shuffle"),
    /** Each agent to the cloud with the fewest agents. */
    FEWEST_AGENTS("fewest agents"),
    /** kube-ops: {@code LeastLoadPolicy} with {@code ProvisionHistory} over the load probe's snapshots. */
    KUBE_OPS("kube-ops least-load"),
    /** Perfect, instantaneous knowledge of free room and failures, used greedily: a strong baseline, not a bound. */
    GREEDY_ORACLE("greedy oracle");

    private final String title;

    StrategyKind(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }

    /** The setup; the greedy oracle comes in several serving orders, {@code variant} picks one. */
    Provisioning create(JenkinsFarm farm, long seed, int variant) {
        return switch (this) {
            case CONFIGURED_ORDER -> new NodeProvisionerModel(farm, List.of(new StandardStrategy()), false);
            case RANDOM_SHUFFLE -> new NodeProvisionerModel(farm,
                    List.of(new NoDelayStrategy(new Random(seed)), new StandardStrategy()), true);
            case FEWEST_AGENTS -> new NodeProvisionerModel(farm, List.of(new FewestAgentsStrategy()), true);
            case KUBE_OPS -> new NodeProvisionerModel(farm, List.of(new LeastLoadStrategy()), true);
            case GREEDY_ORACLE -> new GreedyOracleProvisioning(farm, GreedyOracleProvisioning.Order.values()[variant]);
        };
    }

    int variants() {
        return this == GREEDY_ORACLE ? GreedyOracleProvisioning.Order.values().length : 1;
    }
}
