package io.jenkins.plugins.kubeops.engine.pool;

/**
 * What to ask kubernetes-plugin's {@code KubernetesCloud.provision(state, excessWorkload)} for. That method first subtracts
 * the label's agents in provisioning ({@code InProvisioning.getAllInProvisioning(label)}: every Kubernetes agent of the
 * label, in any cloud and of any template, not launched or not accepting builds yet) from what it is asked. A strategy whose
 * excess already discounts connecting and planned executors would have them subtracted twice, and get no agent at all while
 * any agent of the label is starting — so it asks for its new agents plus those in provisioning.
 */
public final class ProvisionWorkload {

    private ProvisionWorkload() {
    }

    /** The workload to ask for so that the cloud plans {@code newAgents} (before its container and template caps). */
    public static int toAsk(int newAgents, int inProvisioning) {
        requireNotNegative("new agents", newAgents);
        requireNotNegative("agents in provisioning", inProvisioning);
        long asked = (long) newAgents + inProvisioning;
        return asked > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) asked;
    }

    /** How many agents {@code provision} plans when asked for {@code asked}, before its caps: what it subtracts. */
    public static int planned(int asked, int inProvisioning) {
        return Math.max(0, asked - inProvisioning);
    }

    private static void requireNotNegative(String what, int count) {
        if (count < 0) {
            throw new IllegalArgumentException(what + " must not be negative: " + count);
        }
    }
}
