package io.jenkins.plugins.kubeops.engine.deploy;

import io.fabric8.kubernetes.client.utils.Serialization;

/** Test objects written as YAML flow mappings ({key: value}), which fabric8 would take for JSON. */
final class Flow {

    private Flow() {
    }

    static <T> T parse(String yaml, Class<T> type) {
        return Serialization.unmarshal(Serialization.asJson(SafeYaml.map("test", yaml)), type);
    }
}
