package io.jenkins.plugins.kubeops.jenkins.deploy;

import io.jenkins.plugins.kubeops.engine.deploy.DeployResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code kubeDeploy} returns and how it fails, from the engine's {@link DeployResult}. Pure. */
final class DeployResults {

    private DeployResults() {
    }

    /**
     * {@code cluster} plus the engine's {@link DeployResult#toMap()}, as plain {@link LinkedHashMap} and {@link ArrayList}s:
     * the script may hold the map while the build is saved, and the sandbox knows these types.
     */
    static Map<String, Object> toStepValue(String cluster, DeployResult result) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("cluster", cluster);
        result.toMap().forEach((key, entry) -> value.put(key, entry instanceof List<?> list ? new ArrayList<>(list) : entry));
        return value;
    }

    /** The build's failure: what happened, then the engine's evidence, one line each. */
    static String failure(DeployRequest request, DeployResult result) {
        StringBuilder message = new StringBuilder("kubeDeploy: ").append(request.describe()).append(" failed at revision ")
                .append(result.revision());
        if (result.outcome() == DeployResult.Outcome.ROLLED_BACK) {
            message.append(" and was rolled back to revision ").append(result.rolledBackTo());
        }
        message.append(result.evidence().isEmpty() ? "." : ":");
        result.evidence().forEach(line -> message.append("\n  ").append(line));
        return message.toString();
    }
}
