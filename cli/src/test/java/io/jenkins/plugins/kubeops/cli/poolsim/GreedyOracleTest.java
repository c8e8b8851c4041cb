package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GreedyOracleTest {

    /** The strategies Jenkins users have today; kube-ops is left out: the oracle is greedy, not a bound, and may lose to it. */
    private static final List<StrategyKind> JENKINS_STRATEGIES = List.of(StrategyKind.CONFIGURED_ORDER,
            StrategyKind.RANDOM_SHUFFLE, StrategyKind.FEWEST_AGENTS);

    @ParameterizedTest
    @ValueSource(strings = {"balanced", "heterogeneous", "failing", "sizes"})
    void knowsTheRoomSoNeverFailsNorFillsAMemberAndWaitsLessThanJenkinsStrategies(String scenario) {
        SimulationReport report = SimulationReport.run(Scenarios.named(scenario), 1);

        RunResult oracle = report.result(StrategyKind.GREEDY_ORACLE);
        assertThat(oracle.provisionsIntoFullMember()).isZero();
        assertThat(oracle.failedProvisions()).isZero();
        for (StrategyKind strategy : JENKINS_STRATEGIES) {
            RunResult other = report.result(strategy);
            assertThat(other.waits().meanSeconds()).as(strategy + " mean wait")
                    .isGreaterThanOrEqualTo(oracle.waits().meanSeconds());
            assertThat(other.waits().p95Seconds()).as(strategy + " p95 wait")
                    .isGreaterThanOrEqualTo(oracle.waits().p95Seconds());
        }
    }
}
