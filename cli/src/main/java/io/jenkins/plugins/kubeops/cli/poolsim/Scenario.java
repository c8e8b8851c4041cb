package io.jenkins.plugins.kubeops.cli.poolsim;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A build farm to simulate: its clusters in the order Jenkins has the clouds configured, the builds that arrive, and the
 * timings.
 */
public record Scenario(String name, String description, List<ClusterSpec> clusters, WorkloadSpec workload, Timings timings) {

    public Scenario {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        clusters = List.copyOf(clusters);
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(timings, "timings");
        if (clusters.isEmpty()) {
            throw new IllegalArgumentException("scenario " + name + " needs at least one cluster");
        }
        Set<String> names = new HashSet<>();
        for (ClusterSpec cluster : clusters) {
            if (!names.add(cluster.name())) {
                throw new IllegalArgumentException("scenario " + name + " has two clusters named " + cluster.name());
            }
        }
    }

    public Scenario withJobs(int jobs) {
        return new Scenario(name, description, clusters, workload.withJobs(jobs), timings);
    }

    public Scenario withClusters(List<ClusterSpec> newClusters) {
        return new Scenario(name, description, newClusters, workload, timings);
    }

    public Scenario withWorkload(WorkloadSpec newWorkload) {
        return new Scenario(name, description, clusters, newWorkload, timings);
    }
}
