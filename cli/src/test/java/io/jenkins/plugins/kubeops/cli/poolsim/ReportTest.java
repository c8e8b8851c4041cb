package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportTest {

    private static final SimulationReport REPORT = SimulationReport.run(Scenarios.heterogeneous().withJobs(300), 1);

    @TempDir
    Path dir;

    @Test
    void tableHasARowPerStrategyAndTheGoalRatios() {
        String table = ReportTable.format(REPORT);

        for (StrategyKind strategy : StrategyKind.values()) {
            assertThat(table.lines().filter(line -> line.startsWith(strategy.title() + " "))).as(strategy.title()).hasSize(1);
        }
        assertThat(table).contains("Scenario heterogeneous, seed 1, 300 builds")
                .contains("utilization per cluster")
                .containsPattern("kube-ops p95 wait: \\d+\\.\\d\\dx random shuffle \\(goal <= 0\\.6\\), \\d+\\.\\d\\dx greedy oracle")
                .contains("provisions into a full member: 0 (goal 0)");
    }

    @Test
    void percentilesUseTheNearestRank() {
        long[] waits = new long[100];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = (i + 1) * 1_000L;
        }

        RunResult.WaitStats stats = RunMetrics.stats(waits);

        assertThat(stats.p95Seconds()).isEqualTo(95);
        assertThat(stats.p99Seconds()).isEqualTo(99);
        assertThat(stats.meanSeconds()).isEqualTo(50.5);
        assertThat(stats.maxSeconds()).isEqualTo(100);
    }

    @Test
    void chartIsAPngWithOnePanelPerReport() throws Exception {
        Path file = dir.resolve("charts/waits.png");

        ReportChart.write(List.of(REPORT, REPORT), file);

        BufferedImage image = ImageIO.read(file.toFile());
        assertThat(image.getWidth()).isEqualTo(2 * ReportChart.PANEL_WIDTH);
        assertThat(image.getHeight()).isEqualTo(ReportChart.HEIGHT);
        assertThat(image.getRGB(ReportChart.PANEL_WIDTH / 2, ReportChart.HEIGHT - 90)).as("a bar near the axis")
                .isNotEqualTo(0xFFFFFFFF);
    }
}
