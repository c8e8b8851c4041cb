package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;

/**
 * CPU (millicores) and memory (bytes), the two resources agents and workloads are scheduled by.
 */
public record ResourceAmounts(long cpuMillis, long memoryBytes) {

    public static final ResourceAmounts ZERO = new ResourceAmounts(0, 0);

    /** Reads the {@code cpu} and {@code memory} entries of a requests/allocatable map; absent entries count as zero. */
    public static ResourceAmounts of(Map<String, Quantity> quantities) {
        if (quantities == null || quantities.isEmpty()) {
            return ZERO;
        }
        return new ResourceAmounts(millis(quantities.get("cpu")), bytes(quantities.get("memory")));
    }

    public ResourceAmounts plus(ResourceAmounts other) {
        return new ResourceAmounts(cpuMillis + other.cpuMillis, memoryBytes + other.memoryBytes);
    }

    public ResourceAmounts minus(ResourceAmounts other) {
        return new ResourceAmounts(cpuMillis - other.cpuMillis, memoryBytes - other.memoryBytes);
    }

    /** Per-resource maximum, as the scheduler combines init containers with the rest of a pod. */
    public ResourceAmounts max(ResourceAmounts other) {
        return new ResourceAmounts(Math.max(cpuMillis, other.cpuMillis), Math.max(memoryBytes, other.memoryBytes));
    }

    /** Millicores of a quantity, rounded up as Kubernetes does (resource.Quantity.MilliValue); 0 for null. */
    public static long millis(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).multiply(BigDecimal.valueOf(1000))
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    /** The quantity's value (bytes, or a count), rounded up as Kubernetes does (resource.Quantity.Value); 0 for null. */
    public static long bytes(Quantity quantity) {
        return quantity == null ? 0 : Quantity.getAmountInBytes(quantity).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
