package io.jenkins.plugins.kubeops.engine.deploy;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Independent API calls run side by side (objects of one apply wave, plan dry runs), results in input order; the first
 * failure is rethrown after all calls of the wave have finished, so nothing keeps running behind the caller's back.
 */
final class Parallel {

    /**
     * Calls in flight at once. The requests share one HTTP/2 connection, and the API server's wait for etcd overlaps better
     * with more in flight: the 200 objects of bench/deploy applied in 2.9 s at 32 against 3.4 s at 8 (means of 6
     * alternating runs on a loaded 2-core machine).
     */
    static final int THREADS = 32;

    private Parallel() {
    }

    static <T, R> List<R> map(List<T> items, Function<T, R> call) {
        if (items.size() <= 1) {
            return items.stream().map(call).toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(THREADS, items.size()), runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-deploy");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            items.forEach(item -> futures.add(pool.submit(() -> call.apply(item))));
            List<R> results = new ArrayList<>();
            RuntimeException first = null;
            for (Future<R> future : futures) {
                try {
                    results.add(future.get());
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException runtime ? runtime
                                : new KubeOpsException(e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KubeOpsException("interrupted", e);
                }
            }
            if (first != null) {
                throw first;
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
