package io.jenkins.plugins.kubeops.engine.upgrade;

import java.util.ArrayList;
import java.util.List;

/**
 * Batch sizes for one group of nodes: a canary batch of one node first, then batches that double (2, 4, 8, ...) up to the
 * group's max-unavailable, so a bad version shows on one node before it reaches many. Pure.
 */
public final class BatchSizing {

    private BatchSizing() {
    }

    /** The sizes of the batches that cover {@code nodes} nodes, e.g. 10 nodes with max 4: 1, 2, 4, 3. */
    public static List<Integer> sizes(int nodes, int maxUnavailable) {
        if (maxUnavailable < 1) {
            throw new IllegalArgumentException("maxUnavailable must be at least 1, was " + maxUnavailable);
        }
        List<Integer> sizes = new ArrayList<>();
        int next = 1;
        int left = nodes;
        while (left > 0) {
            int size = Math.min(Math.min(next, maxUnavailable), left);
            sizes.add(size);
            left -= size;
            next = Math.min(maxUnavailable, next * 2);
        }
        return sizes;
    }

    /** {@code nodes} split into batches of {@link #sizes}, in order. */
    public static <T> List<List<T>> batches(List<T> nodes, int maxUnavailable) {
        List<List<T>> batches = new ArrayList<>();
        int from = 0;
        for (int size : sizes(nodes.size(), maxUnavailable)) {
            batches.add(List.copyOf(nodes.subList(from, from + size)));
            from += size;
        }
        return batches;
    }
}
