package io.jenkins.plugins.kubeops.engine.etcd;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The record of one verified backup, stored as {@code CLUSTER/ID.json} next to its object and written last: a backup
 * exists only when this record does. It also is what the {@code etcdBackup} step returns ({@link #toMap()}).
 *
 * @param object          name of the stored snapshot in the store
 * @param storedSha256    SHA-256 of the stored object (compressed, possibly encrypted), checked on every download
 * @param snapshotSha256  SHA-256 of the database, as in the snapshot's own trailer
 * @param revision        the store revision a member restored from it reports
 * @param keyCount        live keys in it
 * @param encryptionKeyId fingerprint of the AES key, empty when not encrypted
 * @param alarms          alarms raised in the cluster when the backup was taken (e.g. {@code NOSPACE@8e9e05c52164694d})
 * @param importedFrom    set for a snapshot file that was imported ({@code kube-ops etcd import}) rather than taken from
 *                        a member: {@code createdAt} is then the file's modification time, the member fields are empty
 */
public record BackupMetadata(String id, String cluster, Instant createdAt, Duration duration, String object,
                             Compression compression, Optional<String> encryptionKeyId, long storedBytes, String storedSha256,
                             long snapshotBytes, String snapshotSha256, long dbSizeBytes, long revision, long keyCount,
                             String etcdVersion, String storageVersion, String memberName, String memberId, String endpoint,
                             boolean deepChecked, List<String> alarms, Optional<ImportedFile> importedFrom) {

    /** The file an imported backup came from: its name (without directories), modification time, size and compression. */
    public record ImportedFile(String fileName, Instant fileModifiedAt, long fileBytes, Compression fileCompression) {

        public ImportedFile {
            Objects.requireNonNull(fileName, "fileName");
            Objects.requireNonNull(fileModifiedAt, "fileModifiedAt");
            Objects.requireNonNull(fileCompression, "fileCompression");
        }

        Map<String, Object> toMap() {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("fileName", fileName);
            map.put("fileModifiedAt", fileModifiedAt.toString());
            map.put("fileBytes", fileBytes);
            map.put("fileCompression", fileCompression.label());
            return map;
        }

        static ImportedFile fromMap(Map<String, Object> map) {
            return new ImportedFile(text(map, "fileName"), Instant.parse(text(map, "fileModifiedAt")), number(map, "fileBytes"),
                    Compression.parse(text(map, "fileCompression")));
        }
    }

    public static final int FORMAT = 1;
    static final String SUFFIX = ".json";

    public BackupMetadata {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(createdAt, "createdAt");
        duration = Duration.ofMillis(duration.toMillis()); // as stored
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryptionKeyId, "encryptionKeyId");
        alarms = List.copyOf(alarms);
        Objects.requireNonNull(importedFrom, "importedFrom");
    }

    public boolean imported() {
        return importedFrom.isPresent();
    }

    /** The metadata record's name in the store. */
    public String metadataName() {
        return metadataName(cluster, id);
    }

    static String metadataName(String cluster, String id) {
        return cluster + "/" + id + SUFFIX;
    }

    /** A plain map for pipelines and JSON output (strings, numbers, booleans, lists). */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("format", FORMAT);
        map.put("id", id);
        map.put("cluster", cluster);
        map.put("createdAt", createdAt.toString());
        map.put("durationMillis", duration.toMillis());
        map.put("object", object);
        map.put("compression", compression.label());
        map.put("encryptionKeyId", encryptionKeyId.orElse(""));
        map.put("storedBytes", storedBytes);
        map.put("storedSha256", storedSha256);
        map.put("snapshotBytes", snapshotBytes);
        map.put("snapshotSha256", snapshotSha256);
        map.put("dbSizeBytes", dbSizeBytes);
        map.put("revision", revision);
        map.put("keyCount", keyCount);
        map.put("etcdVersion", etcdVersion);
        map.put("storageVersion", storageVersion);
        map.put("memberName", memberName);
        map.put("memberId", memberId);
        map.put("endpoint", endpoint);
        map.put("verified", true);
        map.put("deepChecked", deepChecked);
        map.put("alarms", alarms);
        importedFrom.ifPresent(file -> map.put("importedFrom", file.toMap()));
        return map;
    }

    public static BackupMetadata fromMap(Map<String, Object> map) {
        String keyId = text(map, "encryptionKeyId");
        return new BackupMetadata(text(map, "id"), text(map, "cluster"), Instant.parse(text(map, "createdAt")),
                Duration.ofMillis(number(map, "durationMillis")), text(map, "object"), Compression.parse(text(map, "compression")),
                keyId.isEmpty() ? Optional.empty() : Optional.of(keyId), number(map, "storedBytes"), text(map, "storedSha256"),
                number(map, "snapshotBytes"), text(map, "snapshotSha256"), number(map, "dbSizeBytes"), number(map, "revision"),
                number(map, "keyCount"), text(map, "etcdVersion"), text(map, "storageVersion"), text(map, "memberName"),
                text(map, "memberId"), text(map, "endpoint"), Boolean.TRUE.equals(map.get("deepChecked")),
                map.get("alarms") instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of(),
                importedFrom(map.get("importedFrom")));
    }

    @SuppressWarnings("unchecked")
    private static Optional<ImportedFile> importedFrom(Object value) {
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("metadata field 'importedFrom' is not an object: " + value);
        }
        return Optional.of(ImportedFile.fromMap((Map<String, Object>) map));
    }

    private static String text(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("metadata lacks '" + key + "'");
        }
        return value.toString();
    }

    private static long number(Map<String, Object> map, String key) {
        Object value = map.get(key);
        if (!(value instanceof Number number)) {
            throw new IllegalArgumentException("metadata field '" + key + "' is not a number: " + value);
        }
        return number.longValue();
    }
}
