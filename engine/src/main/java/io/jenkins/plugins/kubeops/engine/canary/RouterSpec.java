package io.jenkins.plugins.kubeops.engine.canary;

import java.util.Optional;

/** How traffic reaches the canary. */
public sealed interface RouterSpec {

    String describe();

    /** Canary pods next to the stable ones behind the same Service: the weight is the canary's share of the replicas. */
    record ReplicaRatio() implements RouterSpec {
        @Override
        public String describe() {
            return "replica ratio";
        }
    }

    /**
     * Weights of an existing HTTPRoute's backendRefs: {@code stableService} (already in the route) and {@code canaryService}
     * (created for the canary pods).
     */
    record GatewayApi(String httpRoute, String stableService, String canaryService, int port) implements RouterSpec {
        @Override
        public String describe() {
            return "Gateway API HTTPRoute " + httpRoute + " (" + stableService + " / " + canaryService + ")";
        }
    }

    /**
     * A copy of an existing ingress-nginx Ingress, marked canary, pointing at {@code canaryService}; optionally requests with
     * header {@code canaryByHeader} (equal to {@code canaryByHeaderValue}, or "always") always reach the canary.
     */
    record NginxIngress(String ingress, String canaryService, Optional<String> canaryByHeader,
                        Optional<String> canaryByHeaderValue) implements RouterSpec {
        @Override
        public String describe() {
            return "ingress-nginx canary of Ingress " + ingress + " (" + canaryService + ")";
        }
    }
}
