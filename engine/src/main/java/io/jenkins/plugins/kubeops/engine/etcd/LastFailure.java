package io.jenkins.plugins.kubeops.engine.etcd;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last failed backup of a cluster, kept in the store as {@code _failures/CLUSTER.json} (cluster names cannot contain
 * '_', so it never mixes with a cluster's backups; pruning does not look there) so that metrics can say why backups
 * stopped. Written whenever a backup fails and the store can still be written — not when the store itself is the problem.
 */
public record LastFailure(String cluster, Instant at, FailureCause cause, String message) {

    private static final String DIRECTORY = "_failures/";
    private static final int MESSAGE_LIMIT = 1000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    public LastFailure {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(cause, "cause");
        message = message == null ? "" : message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) + "..." : message;
    }

    static String name(String cluster) {
        return DIRECTORY + cluster + ".json";
    }

    /** Records a failure; a store that cannot take it (it may be why the backup failed) is only logged. */
    static void record(BackupStore store, LastFailure failure, Consumer<String> log) {
        try {
            store.put(name(failure.cluster()), MetadataJson.json(failure.toMap()).getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            log.accept("warning: the failure could not be recorded in " + store.describe() + " for the backup metrics: "
                    + e.getMessage());
        }
    }

    /** The cluster's last recorded failure, if any; an unreadable record counts as none. */
    public static Optional<LastFailure> read(BackupStore store, String cluster) {
        String name = name(cluster);
        if (store.list(name).stream().noneMatch(entry -> entry.name().equals(name))) {
            return Optional.empty();
        }
        try {
            Map<String, Object> map = MAPPER.readValue(store.read(name), new TypeReference<Map<String, Object>>() { });
            return Optional.of(new LastFailure(String.valueOf(map.get("cluster")), Instant.parse(String.valueOf(map.get("at"))),
                    FailureCause.valueOf(String.valueOf(map.get("cause"))), String.valueOf(map.get("message"))));
        } catch (java.io.IOException | RuntimeException e) {
            if (e instanceof EtcdException failure) {
                throw failure;
            }
            return Optional.empty();
        }
    }

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("cluster", cluster);
        map.put("at", at.toString());
        map.put("cause", cause.name());
        map.put("message", message);
        return map;
    }
}
