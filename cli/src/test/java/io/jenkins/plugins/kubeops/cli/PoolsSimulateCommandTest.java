package io.jenkins.plugins.kubeops.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PoolsSimulateCommandTest {

    @TempDir
    Path home;

    @Test
    void printsTheTableAndWritesTheChart() {
        Path chart = home.resolve("waits.png");

        CliRun run = CliRun.run(home, "pools", "simulate", "--scenario", "failing", "--seed", "3", "--jobs", "200",
                "--chart", chart.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Scenario failing, seed 3, 200 builds")
                .contains("random shuffle").contains("kube-ops least-load").contains("greedy oracle")
                .contains("Chart: " + chart);
        assertThat(chart).isRegularFile();
    }

    @Test
    void sameSeedSameOutput() {
        CliRun first = CliRun.run(home, "pools", "simulate", "--jobs", "150", "--seed", "9");
        CliRun second = CliRun.run(home, "pools", "simulate", "--jobs", "150", "--seed", "9");

        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void rejectsAJobCountOutOfRangeNamingTheFix() {
        CliRun run = CliRun.run(home, "pools", "simulate", "--jobs", "0");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("kube-ops: error: --jobs 0: simulate between 1 and 200,000 builds, e.g. 2000."
                + System.lineSeparator());
    }

    @Test
    void rejectsAnUnknownScenarioAsAUsageError() {
        CliRun run = CliRun.run(home, "pools", "simulate", "--scenario", "calm");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--scenario").contains("balanced, heterogeneous, failing, sizes");
    }

    @Test
    void reportsAnUnwritableChartPath() throws Exception {
        Path blocker = Files.writeString(home.resolve("not-a-dir"), "x");

        CliRun run = CliRun.run(home, "pools", "simulate", "--jobs", "50", "--chart", blocker.resolve("c.png").toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("kube-ops: error: cannot write the chart to ").contains("writable");
    }
}
