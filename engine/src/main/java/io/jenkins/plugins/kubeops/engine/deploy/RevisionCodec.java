package io.jenkins.plugins.kubeops.engine.deploy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Revisions as stored bytes: JSON, gzip-compressed, split into chunks that fit Kubernetes objects (which must stay under
 * 1 MiB each, etcd's default request limit being 1.5 MiB). Secret contents never enter the stored manifest: each value is
 * replaced by its SHA-256, enough to tell whether a Secret changed, useless for recovering it. Pure.
 */
public final class RevisionCodec {

    /** Per stored object, leaving room for metadata and base64 growth (4/3) under 1 MiB. */
    public static final int CHUNK_BYTES = 700 * 1024;
    /** A release larger than this after compression is refused rather than half-recorded. */
    public static final int MAX_CHUNKS = 16;

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private RevisionCodec() {
    }

    public static List<byte[]> encode(Revision revision) {
        byte[] compressed;
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
                JSON.writeValue(gzip, revision);
            }
            compressed = out.toByteArray();
        } catch (IOException e) {
            throw new KubeOpsException("cannot encode revision " + revision.number() + " of " + revision.release() + ": " + e.getMessage(), e);
        }
        List<byte[]> chunks = new ArrayList<>();
        for (int offset = 0; offset < compressed.length; offset += CHUNK_BYTES) {
            chunks.add(java.util.Arrays.copyOfRange(compressed, offset, Math.min(compressed.length, offset + CHUNK_BYTES)));
        }
        if (chunks.size() > MAX_CHUNKS) {
            throw new KubeOpsException("release " + revision.release() + " is too large to record (" + compressed.length / 1024
                    + " KiB compressed, the limit is " + (MAX_CHUNKS * CHUNK_BYTES / 1024) + " KiB): split it into several releases.");
        }
        return chunks;
    }

    public static Revision decode(List<byte[]> chunks) {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        chunks.forEach(joined::writeBytes);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(joined.toByteArray()))) {
            return JSON.readValue(in, Revision.class);
        } catch (IOException e) {
            throw new KubeOpsException("a stored revision could not be read (" + e.getMessage() + "): it is damaged; "
                    + "delete that history object or deploy a new revision.", e);
        }
    }

    /** The release's objects as multi-document YAML, Secret values replaced by their digests. */
    public static String manifest(List<Manifest> manifests) {
        StringBuilder yaml = new StringBuilder();
        for (Manifest manifest : manifests) {
            GenericKubernetesResource resource = manifest.resource();
            if ("Secret".equals(resource.getKind()) && "v1".equals(resource.getApiVersion())) {
                resource = redactSecret(resource);
            }
            yaml.append(Serialization.asYaml(resource));
        }
        return yaml.toString();
    }

    /** A digest of the values, to tell revisions apart without storing values (they may hold secrets). */
    public static String digest(Map<String, Object> values) {
        return "sha256:" + sha256(Serialization.asJson(new java.util.TreeMap<>(values)).getBytes(StandardCharsets.UTF_8));
    }

    static GenericKubernetesResource redactSecret(GenericKubernetesResource secret) {
        GenericKubernetesResource copy = Serialization.clone(secret);
        for (String field : List.of("data", "stringData")) {
            if (copy.getAdditionalProperties().get(field) instanceof Map<?, ?> values) {
                Map<String, Object> redacted = new LinkedHashMap<>();
                values.forEach((key, value) -> redacted.put(String.valueOf(key),
                        "sha256:" + sha256(String.valueOf(value).getBytes(StandardCharsets.UTF_8))));
                copy.getAdditionalProperties().put(field, redacted);
            }
        }
        return copy;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
