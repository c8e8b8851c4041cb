package io.jenkins.plugins.kubeops.engine.etcd;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Backup metadata as JSON: the format written to the store and printed by {@code kube-ops etcd ... -o json}. */
public final class MetadataJson {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private MetadataJson() {
    }

    /** Loads and links the JSON writer (hundreds of classes in a fresh JVM) ahead of the first real write; cheap once done. */
    static void prepare() {
        json(Map.of("prepare", java.util.List.of(1L, "text", true, Map.of())));
    }

    public static byte[] write(BackupMetadata metadata) {
        return json(metadata.toMap()).getBytes(StandardCharsets.UTF_8);
    }

    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong when the bytes are not a metadata record */
    public static BackupMetadata read(byte[] json) {
        try {
            Map<String, Object> map = MAPPER.readValue(json, new TypeReference<Map<String, Object>>() { });
            return BackupMetadata.fromMap(map);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }
}
