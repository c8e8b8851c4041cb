package io.jenkins.plugins.kubeops.engine.pool;

import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.cluster.ClusterSettingsValidation;
import io.jenkins.plugins.kubeops.engine.cluster.ResourceAmounts;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads pools from YAML (the CLI's {@code --pools} file). Every error names the field by its path, e.g.
 * {@code pools[0].members[1].maxCpu}, and says how to fix it; all errors are reported at once.
 *
 * <pre>
 * pools:
 * - name: linux
 *   labels: [maven, linux]
 *   members:
 *   - cluster: prod-a          # a kubeconfig context; omitted: the current context
 *     namespace: ci-agents
 *     nodeSelector: {pool: ci}
 *     maxAgents: 50
 *     maxCpu: "100"
 *     maxMemory: 400Gi
 *     priority: 0              # 0 preferred, 1.. backups
 *     weight: 1
 *     state: active            # active | draining | paused
 * </pre>
 */
public final class PoolDefinitions {

    /** The cluster name members get when they name none: the kubeconfig's current context. */
    public static final String CURRENT_CONTEXT = "";

    private PoolDefinitions() {
    }

    public static List<Pool> parse(String source, String yaml) {
        Object root;
        try {
            root = Serialization.unmarshal(yaml, Object.class);
        } catch (RuntimeException e) {
            throw new KubeOpsException("pools file " + source + " is not valid YAML (" + firstLine(e.getMessage()) + ").", e);
        }
        List<String> errors = new ArrayList<>();
        List<Pool> pools = new ArrayList<>();
        Object poolList = root instanceof Map<?, ?> map ? map.get("pools") : null;
        if (!(poolList instanceof List<?> list) || list.isEmpty()) {
            throw new KubeOpsException("pools file " + source + " has no 'pools:' list: start it with 'pools:' and one entry per pool.");
        }
        Map<String, Collection<String>> labelsByPool = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Pool pool = pool("pools[" + i + "]", list.get(i), errors);
            if (pool != null) {
                pools.add(pool);
                labelsByPool.put(pool.name(), pool.labels());
            }
        }
        check(errors, "pools", PoolValidation.labelsUniqueAcrossPools(labelsByPool));
        check(errors, "pools", ClusterSettingsValidation.uniqueClusterNames(pools.stream().map(Pool::name).toList()));
        if (!errors.isEmpty()) {
            throw new KubeOpsException("pools file " + source + " has " + errors.size() + " problem(s):\n  " + String.join("\n  ", errors));
        }
        return pools;
    }

    private static Pool pool(String path, Object value, List<String> errors) {
        if (!(value instanceof Map<?, ?> fields)) {
            errors.add(path + ": expected a mapping with name, labels and members");
            return null;
        }
        int before = errors.size();
        String name = string(fields.get("name"));
        check(errors, path + ".name", PoolValidation.poolName(name));
        Set<String> labels = new LinkedHashSet<>();
        Object labelValue = fields.get("labels");
        if (labelValue instanceof List<?> labelList) {
            labelList.forEach(label -> labels.add(String.valueOf(label)));
        } else if (labelValue != null) {
            labels.addAll(List.of(String.valueOf(labelValue).trim().split("\\s+")));
        }
        check(errors, path + ".labels", PoolValidation.labels(String.join(" ", labels)));
        int minIdle = integer(errors, path + ".minIdleAgents", fields.get("minIdleAgents"), 0);
        if (minIdle < 0) {
            errors.add(path + ".minIdleAgents: " + minIdle + " is negative: use 0 for no warm pool");
        }
        List<PoolMember> members = new ArrayList<>();
        if (!(fields.get("members") instanceof List<?> memberList) || memberList.isEmpty()) {
            errors.add(path + ".members: at least one member is required (cluster and namespace)");
        } else {
            Set<String> ids = new LinkedHashSet<>();
            for (int j = 0; j < memberList.size(); j++) {
                PoolMember member = member(path + ".members[" + j + "]", memberList.get(j), errors);
                if (member != null && !ids.add(member.id())) {
                    errors.add(path + ".members[" + j + "]: member " + member.id() + " is listed twice");
                } else if (member != null) {
                    members.add(member);
                }
            }
        }
        return errors.size() == before ? new Pool(name.trim(), labels, members, minIdle) : null;
    }

    private static PoolMember member(String path, Object value, List<String> errors) {
        if (!(value instanceof Map<?, ?> fields)) {
            errors.add(path + ": expected a mapping with cluster and namespace");
            return null;
        }
        int before = errors.size();
        String cluster = fields.get("cluster") == null ? CURRENT_CONTEXT : string(fields.get("cluster")).trim();
        String namespace = string(fields.get("namespace"));
        if (namespace == null || namespace.isBlank()) {
            errors.add(path + ".namespace: required, e.g. 'ci-agents'");
        } else {
            check(errors, path + ".namespace", ClusterSettingsValidation.namespace(namespace));
        }
        Map<String, String> selector = new LinkedHashMap<>();
        if (fields.get("nodeSelector") instanceof Map<?, ?> terms) {
            terms.forEach((k, v) -> selector.put(String.valueOf(k), String.valueOf(v)));
        } else if (fields.get("nodeSelector") != null) {
            errors.add(path + ".nodeSelector: expected a mapping such as {pool: ci}");
        }
        int maxAgents = integer(errors, path + ".maxAgents", fields.get("maxAgents"), 0);
        check(errors, path + ".maxAgents", PoolValidation.maxAgents(maxAgents));
        String maxCpu = string(fields.get("maxCpu"));
        String maxMemory = string(fields.get("maxMemory"));
        check(errors, path + ".maxCpu", PoolValidation.quantity("Max CPU", maxCpu));
        check(errors, path + ".maxMemory", PoolValidation.quantity("Max memory", maxMemory));
        int priority = integer(errors, path + ".priority", fields.get("priority"), 0);
        check(errors, path + ".priority", PoolValidation.priority(priority));
        double weight = fields.get("weight") == null ? 1 : number(errors, path + ".weight", fields.get("weight"));
        check(errors, path + ".weight", PoolValidation.weight(weight));
        String state = fields.get("state") == null ? "active" : string(fields.get("state"));
        check(errors, path + ".state", PoolValidation.state(state));
        if (errors.size() > before) {
            return null;
        }
        MemberCaps caps = new MemberCaps(maxAgents, cpuMillis(maxCpu), memoryBytes(maxMemory));
        String id = (cluster.isEmpty() ? "current" : cluster) + "/" + namespace.trim()
                + (selector.isEmpty() ? "" : "/" + String.join(",", selector.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        return new PoolMember(id, cluster, namespace.trim(), selector, caps, priority, weight,
                MemberState.valueOf(state.trim().toUpperCase(Locale.ROOT)));
    }

    private static long cpuMillis(String value) {
        return value == null || value.isBlank() ? 0 : ResourceAmounts.millis(new Quantity(value.trim()));
    }

    private static long memoryBytes(String value) {
        return value == null || value.isBlank() ? 0 : ResourceAmounts.bytes(new Quantity(value.trim()));
    }

    private static void check(List<String> errors, String path, Validation validation) {
        if (validation.isError()) {
            errors.add(path + ": " + validation.message());
        }
    }

    private static int integer(List<String> errors, String path, Object value, int defaultValue) {
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof Integer number) {
            return number;
        }
        errors.add(path + ": '" + value + "' is not a whole number");
        return defaultValue;
    }

    private static double number(List<String> errors, String path, Object value) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        errors.add(path + ": '" + value + "' is not a number");
        return 1;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
