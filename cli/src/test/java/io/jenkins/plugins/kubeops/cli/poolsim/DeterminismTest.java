package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeterminismTest {

    @Test
    void aSeedGivesTheSameReportEveryTime() {
        Scenario scenario = Scenarios.failing().withJobs(500);

        SimulationReport first = SimulationReport.run(scenario, 42);
        SimulationReport second = SimulationReport.run(scenario, 42);

        assertThat(second).isEqualTo(first);
        assertThat(ReportTable.format(second)).isEqualTo(ReportTable.format(first));
    }

    @Test
    void anotherSeedGivesOtherBuildsAndWaits() {
        Scenario scenario = Scenarios.balanced().withJobs(500);

        assertThat(Workload.generate(scenario.workload(), 2)).isNotEqualTo(Workload.generate(scenario.workload(), 1));
        assertThat(SimulationReport.run(scenario, 2)).isNotEqualTo(SimulationReport.run(scenario, 1));
    }

    @Test
    void everySetupMeetsTheSameBuilds() {
        Scenario scenario = Scenarios.heterogeneous().withJobs(300);

        for (StrategyKind strategy : StrategyKind.values()) {
            RunResult result = Simulation.run(scenario, 3, strategy);
            assertThat(result.jobs()).isEqualTo(300);
            assertThat(result.started()).as(strategy.title()).isEqualTo(300);
        }
    }
}
