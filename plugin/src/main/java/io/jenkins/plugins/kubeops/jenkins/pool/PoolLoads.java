package io.jenkins.plugins.kubeops.jenkins.pool;

import io.jenkins.plugins.kubeops.engine.pool.ClusterLoads;

/**
 * Where member loads come from: the engine's watchers over the clouds' clusters ({@link LivePoolLoads}), or fixed loads in
 * tests. The only seam between the plugin's decisions and the clusters; every decision itself is the engine's.
 */
interface PoolLoads extends ClusterLoads {

    /** Re-watches clusters whose watch fails while their cloud now offers a different client. */
    void refresh();
}
