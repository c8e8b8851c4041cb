package io.jenkins.plugins.kubeops.cli.poolsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkloadTest {

    @Test
    void buildDurationsAreRightSkewedWithALongTail() {
        SplittableRandom random = new SplittableRandom(7);
        long[] millis = new long[20_000];
        for (int i = 0; i < millis.length; i++) {
            millis[i] = BuildDurations.buildMillis(BuildDurations.typicalMinutes(random), random);
        }
        Arrays.sort(millis);
        double median = millis[millis.length / 2] / 60_000.0;
        double mean = Arrays.stream(millis).average().orElseThrow() / 60_000.0;
        double p99 = millis[(int) (millis.length * 0.99)] / 60_000.0;

        assertThat(median).isBetween(3.5, 7.0);
        assertThat(mean).isGreaterThan(1.3 * median);
        assertThat(p99).isGreaterThan(8 * median);
        assertThat(millis[0]).isGreaterThanOrEqualTo(BuildDurations.MIN_MILLIS);
        assertThat(millis[millis.length - 1]).isLessThanOrEqualTo(BuildDurations.MAX_MILLIS);
    }

    @Test
    void burstsBringManyBuildsWithinTheirSpread() {
        List<SimJob> jobs = Workload.generate(Scenarios.WORKLOAD, 1);
        long spread = Scenarios.WORKLOAD.bursts().spread().toMillis();

        int busiest = 0;
        for (int first = 0, last = 0; last < jobs.size(); last++) {
            while (jobs.get(last).arrivalMillis() - jobs.get(first).arrivalMillis() > spread) {
                first++;
            }
            busiest = Math.max(busiest, last - first + 1);
        }
        // The steady stream alone brings about 2.4 x 2 = 5 builds in two minutes.
        assertThat(busiest).isGreaterThanOrEqualTo(Scenarios.WORKLOAD.bursts().minJobs());
    }

    @Test
    void arrivalsAreOrderedAndCountedAndEachJobKeepsItsTemplate() {
        List<SimJob> jobs = Workload.generate(Scenarios.WORKLOAD.withJobs(3_000), 5);

        assertThat(jobs).hasSize(3_000);
        assertThat(jobs).isSortedAccordingTo((x, y) -> Long.compare(x.arrivalMillis(), y.arrivalMillis()));
        assertThat(jobs.stream().filter(j -> j.jobName().equals(jobs.get(0).jobName())).map(SimJob::template).distinct())
                .hasSize(1);
        long large = jobs.stream().filter(j -> j.template().label().equals("k8s-large")).count();
        assertThat(large).isBetween(450L, 1050L); // 25% of jobs, weighted by how often each builds
    }
}
