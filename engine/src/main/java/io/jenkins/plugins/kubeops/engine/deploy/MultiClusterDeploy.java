package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The same release to several clusters, one after another or side by side. With {@code stopOnFirstFailure}, clusters not
 * started yet when one fails are skipped (a deploy already running is never interrupted half-way).
 */
public final class MultiClusterDeploy {

    /** One cluster's outcome: a result, an error message, or skipped. */
    public record ClusterOutcome(String cluster, DeployResult result, String error, boolean skipped) {
        public boolean succeeded() {
            return result != null && result.succeeded();
        }
    }

    private MultiClusterDeploy() {
    }

    public static List<ClusterOutcome> run(List<String> clusters, boolean parallel, boolean stopOnFirstFailure,
                                           Function<String, DeployResult> deploy) {
        AtomicBoolean failed = new AtomicBoolean();
        Function<String, ClusterOutcome> one = cluster -> {
            if (stopOnFirstFailure && failed.get()) {
                return new ClusterOutcome(cluster, null, null, true);
            }
            ClusterOutcome outcome;
            try {
                outcome = new ClusterOutcome(cluster, deploy.apply(cluster), null, false);
            } catch (KubeOpsException e) {
                outcome = new ClusterOutcome(cluster, null, e.getMessage(), false);
            }
            if (!outcome.succeeded()) {
                failed.set(true);
            }
            return outcome;
        };
        if (!parallel || clusters.size() < 2) {
            return clusters.stream().map(one).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(clusters.size());
        try {
            Map<String, Future<ClusterOutcome>> futures = new LinkedHashMap<>();
            clusters.forEach(cluster -> futures.put(cluster, pool.submit(() -> one.apply(cluster))));
            List<ClusterOutcome> outcomes = new ArrayList<>();
            for (Map.Entry<String, Future<ClusterOutcome>> entry : futures.entrySet()) {
                try {
                    outcomes.add(entry.getValue().get());
                } catch (ExecutionException e) {
                    outcomes.add(new ClusterOutcome(entry.getKey(), null, String.valueOf(e.getCause().getMessage()), false));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KubeOpsException("interrupted while deploying to " + clusters, e);
                }
            }
            return outcomes;
        } finally {
            pool.shutdown();
        }
    }
}
