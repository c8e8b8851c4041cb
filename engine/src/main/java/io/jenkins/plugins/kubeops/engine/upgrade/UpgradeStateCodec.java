package io.jenkins.plugins.kubeops.engine.upgrade;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link UpgradeState} as the JSON kept in the state ConfigMap, written field by field so the stored form stays stable and
 * readable with {@code kubectl get configmap -o yaml}. Pure.
 */
public final class UpgradeStateCodec {

    static final int FORMAT = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private UpgradeStateCodec() {
    }

    public static String encode(UpgradeState state) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("operationId", state.operationId());
        root.put("status", state.status().name());
        root.put("from", state.from().toString());
        root.put("target", state.target().toString());
        ArrayNode steps = root.putArray("steps");
        state.steps().forEach(step -> steps.add(step(step)));
        root.put("planText", state.planText());
        state.window().ifPresent(w -> root.put("window", w.toString()));
        root.put("nextStep", state.nextStep());
        strings(root.putArray("doneNodes"), state.doneNodes());
        strings(root.putArray("currentNodes"), state.currentNodes());
        strings(root.putArray("cordonedByUs"), state.cordonedByUs());
        root.put("pauseRequested", state.pauseRequested());
        root.put("abortRequested", state.abortRequested());
        state.snapshot().ifPresent(s -> root.put("snapshot", s));
        root.put("message", state.message());
        root.put("started", state.started().toString());
        root.put("updated", state.updated().toString());
        strings(root.putArray("skippedNodes"), state.skippedNodes());
        ObjectNode selector = root.putObject("nodeSelector");
        state.nodeSelector().forEach(selector::put);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write upgrade state", e);
        }
    }

    public static UpgradeState decode(String text) {
        try {
            JsonNode root = JSON.readTree(text);
            if (root.path("format").asInt() != FORMAT) {
                throw new KubeOpsException("the stored upgrade state has format " + root.path("format").asText()
                        + ", this kube-ops reads format " + FORMAT + ": use the kube-ops version that started the upgrade.");
            }
            List<UpgradeStep> steps = new ArrayList<>();
            root.path("steps").forEach(node -> steps.add(step(node)));
            return new UpgradeState(text(root, "operationId"), UpgradeState.Status.valueOf(text(root, "status")),
                    KubeVersion.parse(text(root, "from")), KubeVersion.parse(text(root, "target")), steps,
                    text(root, "planText"), optional(root, "window").map(MaintenanceWindow::parse),
                    root.path("nextStep").asInt(), strings(root.path("doneNodes")), strings(root.path("currentNodes")),
                    strings(root.path("cordonedByUs")), root.path("pauseRequested").asBoolean(),
                    root.path("abortRequested").asBoolean(), optional(root, "snapshot"), text(root, "message"),
                    Instant.parse(text(root, "started")), Instant.parse(text(root, "updated")), map(root.path("nodeSelector")),
                    strings(root.path("skippedNodes")));
        } catch (JsonProcessingException | RuntimeException e) {
            if (e instanceof KubeOpsException known) {
                throw known;
            }
            throw new KubeOpsException("the stored upgrade state cannot be read (" + e.getMessage() + "): inspect "
                    + "ConfigMap kube-system/" + UpgradeStateStore.DEFAULT_NAME + "; delete it only when no upgrade is running.", e);
        }
    }

    private static ObjectNode step(UpgradeStep step) {
        ObjectNode node = JSON.createObjectNode();
        if (step instanceof UpgradeStep.Snapshot) {
            node.put("type", "snapshot");
        } else if (step instanceof UpgradeStep.ControlPlane cp) {
            node.put("type", "controlPlane");
            node.put("pass", cp.pass());
            node.put("passes", cp.passes());
            node.put("version", cp.version().toString());
            cp.node().ifPresent(n -> node.put("node", n));
        } else if (step instanceof UpgradeStep.NodeRoll roll) {
            node.put("type", "nodeRoll");
            node.put("group", roll.group());
            node.put("controlPlane", roll.controlPlane());
            strings(node.putArray("nodes"), roll.nodes());
            node.put("maxInFlight", roll.maxInFlight());
            node.put("canary", roll.canary());
            node.put("version", roll.version().toString());
        }
        return node;
    }

    private static UpgradeStep step(JsonNode node) {
        String type = text(node, "type");
        return switch (type) {
            case "snapshot" -> new UpgradeStep.Snapshot();
            case "controlPlane" -> new UpgradeStep.ControlPlane(node.path("pass").asInt(), node.path("passes").asInt(),
                    KubeVersion.parse(text(node, "version")), optional(node, "node"));
            case "nodeRoll" -> new UpgradeStep.NodeRoll(text(node, "group"), node.path("controlPlane").asBoolean(),
                    strings(node.path("nodes")), node.path("maxInFlight").asInt(1), node.path("canary").asBoolean(),
                    KubeVersion.parse(text(node, "version")));
            // Recorded before node steps rolled through a window: the batch's nodes, all at once at most, as it was planned.
            case "nodeBatch" -> {
                List<String> nodes = strings(node.path("nodes"));
                yield new UpgradeStep.NodeRoll(text(node, "group"), node.path("controlPlane").asBoolean(), nodes,
                        Math.max(1, nodes.size()), false, KubeVersion.parse(text(node, "version")));
            }
            default -> throw new IllegalArgumentException("unknown step type '" + type + "'");
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("field '" + field + "' is missing");
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> values = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
