package io.jenkins.plugins.kubeops.engine.etcd;

/**
 * One {@code etcdserverpb.SnapshotResponse} read straight from its wire bytes, so that the 32 KiB blob is used where it
 * lies instead of being copied into protobuf objects. Fields: 1 header (2 member_id, 3 revision), 2 remaining_bytes,
 * 3 blob, 4 version (etcd's storage version, sent since 3.6).
 */
record SnapshotChunk(byte[] message, int blobOffset, int blobLength, long remainingBytes, String version, long headerRevision,
                     long headerMemberId) {

    static SnapshotChunk parse(byte[] message) {
        WireReader reader = new WireReader(message, 0, message.length);
        int blobOffset = 0;
        int blobLength = 0;
        long remaining = 0;
        String version = "";
        long revision = 0;
        long member = 0;
        while (reader.hasMore()) {
            long tag = reader.varint();
            int field = (int) (tag >>> 3);
            int type = (int) (tag & 7);
            if (type == 2) {
                int length = (int) reader.varint();
                int start = reader.position();
                reader.skip(length);
                if (field == 3) {
                    blobOffset = start;
                    blobLength = length;
                } else if (field == 4) {
                    version = new String(message, start, length, java.nio.charset.StandardCharsets.UTF_8);
                } else if (field == 1) {
                    WireReader header = new WireReader(message, start, start + length);
                    while (header.hasMore()) {
                        long headerTag = header.varint();
                        int headerField = (int) (headerTag >>> 3);
                        if ((headerTag & 7) != 0) {
                            header.skipValue((int) (headerTag & 7));
                            continue;
                        }
                        long value = header.varint();
                        if (headerField == 2) {
                            member = value;
                        } else if (headerField == 3) {
                            revision = value;
                        }
                    }
                }
            } else if (field == 2 && type == 0) {
                remaining = reader.varint();
            } else {
                reader.skipValue(type);
            }
        }
        return new SnapshotChunk(message, blobOffset, blobLength, remaining, version, revision, member);
    }

    /** Minimal protobuf wire-format reader over a byte range. */
    static final class WireReader {
        private final byte[] bytes;
        private final int end;
        private int position;

        WireReader(byte[] bytes, int start, int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        boolean hasMore() {
            return position < end;
        }

        int position() {
            return position;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= end) {
                    throw new IllegalArgumentException("truncated varint");
                }
                byte b = bytes[position++];
                result |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("malformed varint");
        }

        void skip(int length) {
            if (length < 0 || position + length > end) {
                throw new IllegalArgumentException("truncated field");
            }
            position += length;
        }

        void skipValue(int type) {
            switch (type) {
                case 0:
                    varint();
                    break;
                case 1:
                    skip(8);
                    break;
                case 2:
                    skip((int) varint());
                    break;
                case 5:
                    skip(4);
                    break;
                default:
                    throw new IllegalArgumentException("unsupported wire type " + type);
            }
        }
    }
}
