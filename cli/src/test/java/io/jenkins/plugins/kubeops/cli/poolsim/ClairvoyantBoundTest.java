package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClairvoyantBoundTest {

    @ParameterizedTest
    @ValueSource(strings = {"balanced", "heterogeneous", "failing"})
    void noStrategyWaitsLessThanTheClairvoyantBound(String scenario) {
        SimulationReport report = SimulationReport.run(Scenarios.named(scenario), 1);

        RunResult bound = report.result(StrategyKind.CLAIRVOYANT);
        assertThat(bound.provisionsIntoFullMember()).isZero();
        assertThat(bound.failedProvisions()).isZero();
        for (RunResult other : report.results()) {
            assertThat(other.waits().meanSeconds()).as(other.strategy() + " mean wait")
                    .isGreaterThanOrEqualTo(bound.waits().meanSeconds());
            assertThat(other.waits().p95Seconds()).as(other.strategy() + " p95 wait")
                    .isGreaterThanOrEqualTo(bound.waits().p95Seconds());
        }
    }
}
