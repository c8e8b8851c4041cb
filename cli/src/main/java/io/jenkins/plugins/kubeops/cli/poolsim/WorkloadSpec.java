package io.jenkins.plugins.kubeops.cli.poolsim;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The builds that arrive: a steady Poisson stream plus bursts (a merge train, an organization scan, a nightly trigger), each
 * build for one of {@code distinctJobs} jobs whose popularity is Zipf-distributed; each job always uses the same agent
 * template (label).
 *
 * @param jobs          how many builds arrive in total
 * @param jobsPerMinute rate of the steady stream
 */
public record WorkloadSpec(int jobs, double jobsPerMinute, Bursts bursts, List<AgentTemplate> templates, int distinctJobs) {

    /** A pod template: its label and what its pod requests; {@code share} of the jobs use it. */
    public record AgentTemplate(String label, ResourceAmounts requests, double share) {
        public AgentTemplate {
            Objects.requireNonNull(label, "label");
            if (requests.cpuMillis() <= 0 || requests.memoryBytes() <= 0 || !(share > 0)) {
                throw new IllegalArgumentException("template " + label + " needs positive requests and share");
            }
        }
    }

    /** Bursts arrive with exponential gaps of mean {@code meanGap}; each brings minJobs..maxJobs builds within {@code spread}. */
    public record Bursts(Duration meanGap, int minJobs, int maxJobs, Duration spread) {
        public static final Bursts NONE = new Bursts(Duration.ZERO, 0, 0, Duration.ZERO);

        public Bursts {
            if (minJobs < 0 || maxJobs < minJobs) {
                throw new IllegalArgumentException("burst sizes must satisfy 0 <= min <= max: " + minJobs + ".." + maxJobs);
            }
        }

        boolean enabled() {
            return maxJobs > 0 && meanGap.toMillis() > 0;
        }
    }

    public WorkloadSpec {
        templates = List.copyOf(templates);
        Objects.requireNonNull(bursts, "bursts");
        if (jobs < 1) {
            throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
        }
        if (!(jobsPerMinute > 0) || templates.isEmpty() || distinctJobs < 1) {
            throw new IllegalArgumentException("a workload needs a positive rate, templates and jobs");
        }
    }

    public WorkloadSpec withJobs(int newJobs) {
        return new WorkloadSpec(newJobs, jobsPerMinute, bursts, templates, distinctJobs);
    }
}
