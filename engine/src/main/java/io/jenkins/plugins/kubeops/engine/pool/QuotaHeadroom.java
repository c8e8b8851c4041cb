package io.jenkins.plugins.kubeops.engine.pool;

import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;

/**
 * What the namespace's ResourceQuotas still allow (the tightest quota per resource). {@link #UNLIMITED} values mean no quota
 * limits that resource.
 *
 * @param hard limits (cpu/memory requests and pod count)
 * @param used what the quota system counts as used
 */
public record QuotaHeadroom(ResourceAmounts hard, ResourceAmounts used, long podsHard, long podsUsed) {

    public static final long UNLIMITED = Long.MAX_VALUE;
    public static final QuotaHeadroom NONE = new QuotaHeadroom(new ResourceAmounts(UNLIMITED, UNLIMITED),
            ResourceAmounts.ZERO, UNLIMITED, 0);

    /** Why the quota refuses one more pod of {@code request}, or null when it admits it. */
    String violation(ResourceAmounts request) {
        if (podsHard != UNLIMITED && podsUsed + 1 > podsHard) {
            return "namespace quota allows " + podsHard + " pods and " + podsUsed + " exist";
        }
        if (hard.cpuMillis() != UNLIMITED && used.cpuMillis() + request.cpuMillis() > hard.cpuMillis()) {
            return "namespace quota has " + Quantities.cpu(Math.max(0, hard.cpuMillis() - used.cpuMillis()))
                    + " CPU left, the agent needs " + Quantities.cpu(request.cpuMillis());
        }
        if (hard.memoryBytes() != UNLIMITED && used.memoryBytes() + request.memoryBytes() > hard.memoryBytes()) {
            return "namespace quota has " + Quantities.memory(Math.max(0, hard.memoryBytes() - used.memoryBytes()))
                    + " memory left, the agent needs " + Quantities.memory(request.memoryBytes());
        }
        return null;
    }

    /** The largest share of a quota-limited resource used once {@code request} is added (0 when nothing is limited). */
    double shareAfter(ResourceAmounts request) {
        double share = 0;
        if (hard.cpuMillis() != UNLIMITED && hard.cpuMillis() > 0) {
            share = Math.max(share, (double) (used.cpuMillis() + request.cpuMillis()) / hard.cpuMillis());
        }
        if (hard.memoryBytes() != UNLIMITED && hard.memoryBytes() > 0) {
            share = Math.max(share, (double) (used.memoryBytes() + request.memoryBytes()) / hard.memoryBytes());
        }
        if (podsHard != UNLIMITED && podsHard > 0) {
            share = Math.max(share, (double) (podsUsed + 1) / podsHard);
        }
        return share;
    }
}
