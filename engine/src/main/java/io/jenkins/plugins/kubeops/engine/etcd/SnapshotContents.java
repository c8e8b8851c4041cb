package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What an etcd database holds, read from its bbolt file: the store's revision and the number of live keys, as a member
 * restored from it would report them ({@code etcdctl get "" --prefix --count-only}).
 *
 * <p>etcd's {@code key} bucket maps revisions (8-byte main, '_', 8-byte sub, big-endian; an 18th byte 't' marks a deletion)
 * to {@code mvccpb.KeyValue} messages whose field 1 is the user key. Walking it in order, the last entry per user key says
 * whether the key lives. A restored member's revision is the highest main revision, or the last finished compaction's when
 * that is higher ({@code meta/finishedCompactRev}), as etcd's own restore computes it.
 */
record SnapshotContents(long revision, long keyCount, long dbSizeBytes, String storageVersion) {

    /** Enough of each KeyValue to hold its key (field 1, first on the wire); etcd keys are far shorter. */
    private static final int KEY_PREFIX_LIMIT = 64 * 1024;

    static SnapshotContents read(Path snapshot, long databaseBytes) throws IOException {
        try (BoltDatabase database = BoltDatabase.open(snapshot, databaseBytes)) {
            Map<String, Boolean> live = new HashMap<>();
            long[] revision = {1}; // a new store starts at revision 1, as etcd's does
            boolean hasKeys = database.visitBucket("key", KEY_PREFIX_LIMIT, (key, value) -> {
                if (key.length < 17 || key[8] != '_') {
                    throw new IllegalStateException("malformed revision key of " + key.length + " bytes");
                }
                revision[0] = Math.max(revision[0], ByteBuffer.wrap(key, 0, 8).getLong());
                boolean tombstone = key.length == 18 && key[17] == 't';
                live.put(userKey(value), !tombstone);
            });
            if (!hasKeys) {
                throw new InvalidSnapshotException("the database has no 'key' bucket: it is not an etcd v3 database");
            }
            String[] version = {""};
            database.visitBucket("meta", Integer.MAX_VALUE, (key, value) -> {
                String name = new String(key, StandardCharsets.UTF_8);
                if (name.equals("finishedCompactRev") && value.length >= 8) {
                    revision[0] = Math.max(revision[0], ByteBuffer.wrap(value, 0, 8).getLong());
                } else if (name.equals("storageVersion")) {
                    version[0] = new String(value, StandardCharsets.UTF_8);
                }
            });
            long count = live.values().stream().filter(Boolean::booleanValue).count();
            return new SnapshotContents(revision[0], count, database.size(), version[0]);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new InvalidSnapshotException("the database's key bucket is damaged: " + e.getMessage());
        }
    }

    /** Field 1 (key) of an mvccpb.KeyValue, as a string that keeps every byte (ISO-8859-1 maps bytes 1:1). */
    private static String userKey(byte[] keyValue) {
        SnapshotChunk.WireReader reader = new SnapshotChunk.WireReader(keyValue, 0, keyValue.length);
        while (reader.hasMore()) {
            long tag = reader.varint();
            int type = (int) (tag & 7);
            if ((tag >>> 3) == 1 && type == 2) {
                int length = (int) reader.varint();
                int start = reader.position();
                reader.skip(length);
                return new String(keyValue, start, length, StandardCharsets.ISO_8859_1);
            }
            reader.skipValue(type);
        }
        throw new IllegalStateException("a KeyValue without a key");
    }
}
