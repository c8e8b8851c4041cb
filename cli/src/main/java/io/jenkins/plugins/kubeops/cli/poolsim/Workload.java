package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Turns a {@link WorkloadSpec} and a seed into the list of builds, in arrival order. Same seed, same builds. */
final class Workload {

    private Workload() {
    }

    static List<SimJob> generate(WorkloadSpec spec, long seed) {
        long[] arrivals = arrivals(spec, SimRandom.stream(seed, "arrivals"), SimRandom.stream(seed, "bursts"));
        SplittableRandom jobsRandom = SimRandom.stream(seed, "jobs");
        WorkloadSpec.AgentTemplate[] templates = new WorkloadSpec.AgentTemplate[spec.distinctJobs()];
        double[] typicalMinutes = new double[spec.distinctJobs()];
        for (int job = 0; job < spec.distinctJobs(); job++) {
            templates[job] = pickTemplate(spec, jobsRandom.nextDouble());
            typicalMinutes[job] = BuildDurations.typicalMinutes(jobsRandom);
        }
        double[] popularity = zipfCumulative(spec.distinctJobs());
        SplittableRandom buildsRandom = SimRandom.stream(seed, "builds");
        List<SimJob> jobs = new ArrayList<>(arrivals.length);
        for (int i = 0; i < arrivals.length; i++) {
            int job = pick(popularity, buildsRandom.nextDouble());
            jobs.add(new SimJob(i, "job-" + job, templates[job], arrivals[i],
                    BuildDurations.buildMillis(typicalMinutes[job], buildsRandom)));
        }
        return List.copyOf(jobs);
    }

    private static long[] arrivals(WorkloadSpec spec, SplittableRandom steady, SplittableRandom bursts) {
        List<Long> times = new ArrayList<>();
        double meanGap = 60_000 / spec.jobsPerMinute();
        double t = 0;
        for (int i = 0; i < spec.jobs(); i++) {
            t += SimRandom.exponential(steady, meanGap);
            times.add(Math.round(t));
        }
        long end = times.get(times.size() - 1);
        WorkloadSpec.Bursts burst = spec.bursts();
        if (burst.enabled()) {
            double start = SimRandom.exponential(bursts, burst.meanGap().toMillis());
            while (start < end) {
                int size = burst.minJobs() + bursts.nextInt(burst.maxJobs() - burst.minJobs() + 1);
                for (int i = 0; i < size; i++) {
                    times.add(Math.round(start + bursts.nextDouble() * burst.spread().toMillis()));
                }
                start += SimRandom.exponential(bursts, burst.meanGap().toMillis());
            }
        }
        long[] sorted = times.stream().mapToLong(Long::longValue).sorted().toArray();
        return Arrays.copyOf(sorted, spec.jobs());
    }

    private static WorkloadSpec.AgentTemplate pickTemplate(WorkloadSpec spec, double u) {
        double total = spec.templates().stream().mapToDouble(WorkloadSpec.AgentTemplate::share).sum();
        double cumulative = 0;
        for (WorkloadSpec.AgentTemplate template : spec.templates()) {
            cumulative += template.share() / total;
            if (u < cumulative) {
                return template;
            }
        }
        return spec.templates().get(spec.templates().size() - 1);
    }

    /**
     * Job k (0-based) is chosen with probability proportional to 1/sqrt(k+1): popular jobs build more often, but no single
     * job dominates the load (with 1/(k+1) one job's random duration would swing the whole farm's load from seed to seed).
     */
    private static double[] zipfCumulative(int jobs) {
        double[] cumulative = new double[jobs];
        double sum = 0;
        for (int k = 0; k < jobs; k++) {
            sum += 1.0 / StrictMath.sqrt(k + 1);
            cumulative[k] = sum;
        }
        for (int k = 0; k < jobs; k++) {
            cumulative[k] /= sum;
        }
        return cumulative;
    }

    private static int pick(double[] cumulative, double u) {
        int index = Arrays.binarySearch(cumulative, u);
        int k = index >= 0 ? index + 1 : -index - 1;
        return Math.min(k, cumulative.length - 1);
    }
}
