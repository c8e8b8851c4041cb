package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.Progress;
import java.util.List;
import java.util.Map;

/**
 * Empties a batch of cordoned nodes before their upgrade (PodDisruptionBudget-respecting evictions, kubectl's rules). The
 * orchestrator cordons first and uncordons afterwards; a drainer never uncordons.
 */
public interface NodeDrainer {

    /**
     * Drains the nodes, in parallel. A rolling upgrade calls it for one node at a time from several threads at once (one per
     * node in flight), so implementations are thread-safe. Throws only for set-up errors (cluster unreachable, bad options); a
     * node that cannot be drained is reported in {@link Result#failed()}.
     */
    Result drain(List<String> nodes, Progress progress) throws InterruptedException;

    /**
     * @param drained nodes that may be upgraded now
     * @param failed  node -> why it must not be upgraded (e.g. a drain timeout under {@code onTimeout: fail} or {@code skip})
     */
    record Result(List<String> drained, Map<String, String> failed) {
        public Result {
            drained = List.copyOf(drained);
            failed = Map.copyOf(failed);
        }

        public boolean allDrained() {
            return failed.isEmpty();
        }
    }
}
