package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Reads the bbolt file inside an etcd snapshot without etcd: checks both meta pages' checksums, walks the B+trees from the
 * newest valid meta page (every page must carry its own id and lie below the high-water mark) and hands each key/value of a
 * top-level bucket to a visitor. Used to "open" a snapshot: a file whose pages do not form a tree is not a backup.
 *
 * <p>Format (go.etcd.io/bbolt): 16-byte page header {id u64, flags u16, count u16, overflow u32}; meta {magic u32, version
 * u32, pageSize u32, flags u32, root {pgid u64, sequence u64}, freelist u64, pgid u64, txid u64, checksum u64 (FNV-1a of
 * the preceding 56 bytes)}; branch elements {pos u32, ksize u32, pgid u64}; leaf elements {flags u32, pos u32, ksize u32,
 * vsize u32}, positions relative to the element; a bucket value is {root pgid, sequence} followed, when root is 0, by an
 * inline page. Little-endian, as written on amd64 and arm64.
 */
final class BoltDatabase implements AutoCloseable {

    static final int MAGIC = 0xED0CDAED;
    private static final int PAGE_HEADER = 16;
    private static final int ELEMENT = 16;
    private static final int BRANCH = 0x01;
    private static final int LEAF = 0x02;
    private static final int META = 0x04;
    private static final int BUCKET_LEAF = 0x01;

    /** Receives a bucket's entries in key order. */
    @FunctionalInterface
    interface Visitor {
        void entry(byte[] key, byte[] value);
    }

    private final FileChannel file;
    private final long dataSize;
    private final int pageSize;
    private final long highWaterMark;
    private final long rootPage;
    private final long txid;

    private BoltDatabase(FileChannel file, long dataSize, int pageSize, long highWaterMark, long rootPage, long txid) {
        this.file = file;
        this.dataSize = dataSize;
        this.pageSize = pageSize;
        this.highWaterMark = highWaterMark;
        this.rootPage = rootPage;
        this.txid = txid;
    }

    /**
     * Opens the database in the first {@code dataSize} bytes of {@code path} (a snapshot file without its trailer).
     *
     * @throws InvalidSnapshotException when neither meta page is valid
     */
    static BoltDatabase open(Path path, long dataSize) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            Meta first = readMeta(channel, 0, dataSize);
            int pageSize = first != null ? first.pageSize : 4096;
            Meta second = readMeta(channel, pageSize, dataSize);
            Meta meta = first == null ? second : second == null ? first : (second.txid > first.txid ? second : first);
            if (meta == null) {
                throw new InvalidSnapshotException("neither bbolt meta page is valid (bad magic, version or checksum)");
            }
            if (meta.highWaterMark * (long) meta.pageSize > dataSize) {
                throw new InvalidSnapshotException("the database claims " + meta.highWaterMark + " pages of " + meta.pageSize
                        + " bytes but the file holds only " + dataSize + " bytes: it is truncated");
            }
            return new BoltDatabase(channel, dataSize, meta.pageSize, meta.highWaterMark, meta.rootPage, meta.txid);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    int pageSize() {
        return pageSize;
    }

    long txid() {
        return txid;
    }

    /** The database's size as bbolt sees it: high-water mark times page size. */
    long size() {
        return highWaterMark * pageSize;
    }

    /**
     * Visits every entry of top-level bucket {@code name}; returns false when there is no such bucket.
     *
     * @param valueLimit at most this many leading bytes of each value are read (large values span overflow pages that a
     *                   caller interested in their first field need not read)
     */
    boolean visitBucket(String name, int valueLimit, Visitor visitor) throws IOException {
        byte[] wanted = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[][] bucketValue = new byte[1][];
        walk(rootPage, new HashSet<>(), Integer.MAX_VALUE, (key, value, flags) -> {
            if ((flags & BUCKET_LEAF) != 0 && Arrays.equals(key, wanted)) {
                bucketValue[0] = value;
            }
        });
        if (bucketValue[0] == null) {
            return false;
        }
        ByteBuffer header = ByteBuffer.wrap(bucketValue[0]).order(ByteOrder.LITTLE_ENDIAN);
        if (bucketValue[0].length < 16) {
            throw new InvalidSnapshotException("bucket '" + name + "' has a malformed header");
        }
        long root = header.getLong(0);
        Set<Long> seen = new HashSet<>();
        if (root == 0) {
            byte[] inline = Arrays.copyOfRange(bucketValue[0], 16, bucketValue[0].length);
            walkPage(new Page(inline, inline.length, -1), 0, seen, valueLimit, (key, value, flags) -> {
                if ((flags & BUCKET_LEAF) == 0) {
                    visitor.entry(key, value);
                }
            });
        } else {
            walk(root, seen, valueLimit, (key, value, flags) -> {
                if ((flags & BUCKET_LEAF) == 0) {
                    visitor.entry(key, value);
                }
            });
        }
        return true;
    }

    private interface ElementVisitor {
        void element(byte[] key, byte[] value, int flags) throws IOException;
    }

    private void walk(long pageId, Set<Long> seen, int valueLimit, ElementVisitor visitor) throws IOException {
        if (pageId < 2 || pageId >= highWaterMark) {
            throw new InvalidSnapshotException("page " + pageId + " lies outside the database (high-water mark " + highWaterMark + ")");
        }
        if (!seen.add(pageId)) {
            throw new InvalidSnapshotException("page " + pageId + " is referenced twice: the tree is corrupt");
        }
        walkPage(readPage(pageId), pageId, seen, valueLimit, visitor);
    }

    /** A page's first bytes as read, its full length (with overflow) and where it starts in the file (-1: inline). */
    private record Page(byte[] head, long length, long fileOffset) {
    }

    private void walkPage(Page page, long expectedId, Set<Long> seen, int valueLimit, ElementVisitor visitor) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(page.head()).order(ByteOrder.LITTLE_ENDIAN);
        if (page.head().length < PAGE_HEADER) {
            throw new InvalidSnapshotException("page " + expectedId + " is shorter than its header");
        }
        long id = buffer.getLong(0);
        int flags = Short.toUnsignedInt(buffer.getShort(8));
        int count = Short.toUnsignedInt(buffer.getShort(10));
        if (expectedId != 0 && id != expectedId) {
            throw new InvalidSnapshotException("page " + expectedId + " carries id " + id + ": the file is damaged");
        }
        if ((long) PAGE_HEADER + (long) count * ELEMENT > page.head().length) {
            throw new InvalidSnapshotException("page " + expectedId + " claims " + count + " elements, more than fit");
        }
        if ((flags & BRANCH) != 0) {
            for (int i = 0; i < count; i++) {
                int element = PAGE_HEADER + i * ELEMENT;
                walk(buffer.getLong(element + 8), seen, valueLimit, visitor);
            }
        } else if ((flags & LEAF) != 0) {
            for (int i = 0; i < count; i++) {
                int element = PAGE_HEADER + i * ELEMENT;
                int elementFlags = buffer.getInt(element);
                long keyStart = element + Integer.toUnsignedLong(buffer.getInt(element + 4));
                long keySize = Integer.toUnsignedLong(buffer.getInt(element + 8));
                long valueSize = Integer.toUnsignedLong(buffer.getInt(element + 12));
                if (keyStart + keySize + valueSize > page.length()) {
                    throw new InvalidSnapshotException("an element of page " + expectedId + " points outside the page");
                }
                byte[] key = bytes(page, keyStart, keySize);
                byte[] value = bytes(page, keyStart + keySize, Math.min(valueSize, valueLimit));
                visitor.element(key, value, elementFlags);
            }
        } else {
            throw new InvalidSnapshotException("page " + expectedId + " has flags 0x" + Integer.toHexString(flags)
                    + " where a branch or leaf page belongs");
        }
    }

    /** Reads a page's first page-size bytes; elements beyond them (in overflow pages) are read as needed. */
    private Page readPage(long pageId) throws IOException {
        long offset = pageId * pageSize;
        ByteBuffer head = ByteBuffer.allocate(pageSize).order(ByteOrder.LITTLE_ENDIAN);
        readFully(head, offset);
        long overflow = Integer.toUnsignedLong(head.getInt(12));
        long length = (overflow + 1) * pageSize;
        if (offset + length > dataSize || pageId + overflow >= highWaterMark || length > Integer.MAX_VALUE) {
            throw new InvalidSnapshotException("page " + pageId + " with " + overflow + " overflow pages runs past the end");
        }
        long elementHeaders = PAGE_HEADER + (long) Short.toUnsignedInt(head.getShort(10)) * ELEMENT;
        if (elementHeaders > pageSize && elementHeaders <= length) {
            head = ByteBuffer.allocate((int) elementHeaders).order(ByteOrder.LITTLE_ENDIAN);
            readFully(head, offset);
        }
        return new Page(head.array(), length, offset);
    }

    private byte[] bytes(Page page, long start, long length) throws IOException {
        if (start + length <= page.head().length) {
            return Arrays.copyOfRange(page.head(), (int) start, (int) (start + length));
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) length);
        readFully(buffer, page.fileOffset() + start);
        return buffer.array();
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = file.read(buffer, position);
            if (read < 0) {
                throw new InvalidSnapshotException("unexpected end of file at byte " + position);
            }
            position += read;
        }
        buffer.flip();
    }

    /** A valid meta page: page size, root bucket page, high-water mark (pages in the database) and transaction id. */
    record Meta(int pageSize, long rootPage, long highWaterMark, long txid) {

        /** The database's length in bytes, as {@code etcdctl snapshot save} writes it (every page up to the high-water mark). */
        long databaseBytes() {
            return highWaterMark * pageSize;
        }
    }

    /** Meta page bytes needed: page header and meta fields. */
    static final int META_BYTES = PAGE_HEADER + 64;

    private static Meta readMeta(FileChannel channel, long pageOffset, long dataSize) throws IOException {
        if (pageOffset + META_BYTES > dataSize) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.allocate(META_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int total = 0;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, pageOffset + total);
            if (read < 0) {
                return null;
            }
            total += read;
        }
        return parseMeta(buffer.array(), 0);
    }

    /** The meta page at {@code offset} of {@code bytes}, or null when it is not a valid one (flags, magic, version, checksum). */
    static Meta parseMeta(byte[] bytes, int offset) {
        if (offset < 0 || offset + META_BYTES > bytes.length) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, META_BYTES).slice().order(ByteOrder.LITTLE_ENDIAN);
        int flags = Short.toUnsignedInt(buffer.getShort(8));
        int magic = buffer.getInt(PAGE_HEADER);
        int version = buffer.getInt(PAGE_HEADER + 4);
        int pageSize = buffer.getInt(PAGE_HEADER + 8);
        long checksum = buffer.getLong(PAGE_HEADER + 56);
        if ((flags & META) == 0 || magic != MAGIC || version != 2 || pageSize < 512 || Integer.bitCount(pageSize) != 1
                || checksum != fnv1a64(bytes, offset + PAGE_HEADER, 56)) {
            return null;
        }
        return new Meta(pageSize, buffer.getLong(PAGE_HEADER + 16), buffer.getLong(PAGE_HEADER + 40),
                buffer.getLong(PAGE_HEADER + 48));
    }

    /**
     * The meta page a database starting with {@code head} (its first bytes) is read from: the newer of the two valid ones.
     * The second page's offset is the first's page size, or, when the first is damaged, one of the usual page sizes.
     */
    static java.util.Optional<Meta> newestMeta(byte[] head) {
        Meta first = parseMeta(head, 0);
        Meta second = null;
        for (int pageSize : first != null ? new int[] {first.pageSize()} : new int[] {4096, 16384, 65536}) {
            second = parseMeta(head, pageSize);
            if (second != null) {
                break;
            }
        }
        return java.util.Optional.ofNullable(first == null ? second : second == null ? first
                : (second.txid() > first.txid() ? second : first));
    }

    static long fnv1a64(byte[] bytes, int offset, int length) {
        long hash = 0xcbf29ce484222325L;
        for (int i = offset; i < offset + length; i++) {
            hash ^= bytes[i] & 0xff;
            hash *= 0x100000001b3L;
        }
        return hash;
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
