package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.List;

/**
 * What a pod requests from its node, computed as the scheduler does (component-helpers' resource.PodRequests): app
 * containers and restartable ("sidecar") init containers add up; each ordinary init container runs alone next to the
 * sidecars started before it, so the pod needs the maximum of the two; pod overhead comes on top; pod-level requests, where
 * set, replace the per-container sum for that resource.
 */
public final class PodRequests {

    private PodRequests() {
    }

    public static ResourceAmounts effective(PodSpec spec) {
        ResourceAmounts total = sum(spec.getContainers());
        ResourceAmounts sidecars = ResourceAmounts.ZERO;
        ResourceAmounts initPeak = ResourceAmounts.ZERO;
        for (Container init : nullSafe(spec.getInitContainers())) {
            ResourceAmounts own = requests(init.getResources());
            ResourceAmounts whileRunning;
            if ("Always".equals(init.getRestartPolicy())) {
                total = total.plus(own);
                sidecars = sidecars.plus(own);
                whileRunning = sidecars;
            } else {
                whileRunning = own.plus(sidecars);
            }
            initPeak = initPeak.max(whileRunning);
        }
        ResourceAmounts containers = total.max(initPeak);
        ResourceAmounts podLevel = spec.getResources() == null ? ResourceAmounts.ZERO : requests(spec.getResources());
        ResourceAmounts combined = new ResourceAmounts(
                podLevel.cpuMillis() > 0 ? podLevel.cpuMillis() : containers.cpuMillis(),
                podLevel.memoryBytes() > 0 ? podLevel.memoryBytes() : containers.memoryBytes());
        return combined.plus(ResourceAmounts.of(spec.getOverhead()));
    }

    private static ResourceAmounts sum(List<Container> containers) {
        ResourceAmounts sum = ResourceAmounts.ZERO;
        for (Container container : nullSafe(containers)) {
            sum = sum.plus(requests(container.getResources()));
        }
        return sum;
    }

    private static ResourceAmounts requests(ResourceRequirements resources) {
        return resources == null ? ResourceAmounts.ZERO : ResourceAmounts.of(resources.getRequests());
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }
}
