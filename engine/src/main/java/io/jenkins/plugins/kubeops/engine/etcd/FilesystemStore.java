package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Backups in a directory (local disk or an NFS mount). An object is written as {@code .NAME.partial-RANDOM} next to its
 * final name, flushed to disk, then renamed (atomic within a directory), and the directory is synced, so a crash leaves at
 * most a hidden partial file, which listings skip and pruning removes.
 */
public final class FilesystemStore implements BackupStore {

    static final String PARTIAL_MARKER = ".partial-";

    private final Path root;

    public FilesystemStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public String describe() {
        return "directory " + root;
    }

    @Override
    public void check() {
        if (!Files.isDirectory(root)) {
            throw new EtcdException(FailureCause.STORE_UNREACHABLE, "backup directory " + root + " does not exist or is not "
                    + "a directory (is the NFS share mounted?): create it or fix the path.");
        }
        if (!Files.isWritable(root)) {
            throw new EtcdException(FailureCause.STORE_UNREACHABLE, "backup directory " + root + " is not writable by this "
                    + "user: fix its permissions.");
        }
    }

    @Override
    public Upload create(String name) {
        check();
        Path target = resolve(name);
        try {
            Files.createDirectories(target.getParent());
            Path partial = target.resolveSibling("." + target.getFileName() + PARTIAL_MARKER + UUID.randomUUID());
            FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new FileUpload(channel, partial, target);
        } catch (IOException e) {
            throw failure("create " + name, e);
        }
    }

    @Override
    public void put(String name, byte[] content) {
        Upload upload = create(name);
        try {
            try (OutputStream out = upload.stream()) {
                out.write(content);
            }
            upload.commit();
        } catch (IOException e) {
            upload.abort();
            throw failure("write " + name, e);
        }
    }

    @Override
    public List<Entry> list(String prefix) {
        check();
        List<Entry> entries = new ArrayList<>();
        // Walk only the directory the prefix names (a cluster's), not every cluster's backups.
        Path start = prefix.contains("/") ? resolve(prefix.substring(0, prefix.lastIndexOf('/') + 1)) : root;
        if (!Files.isDirectory(start)) {
            return entries;
        }
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String name = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (name.startsWith(prefix)) {
                    entries.add(new Entry(name, Files.size(file), Files.getLastModifiedTime(file).toInstant()));
                }
            }
        } catch (IOException e) {
            throw failure("list " + prefix, e);
        }
        return entries;
    }

    /** Partial files are hidden ({@code .NAME.partial-...}); listings of a cluster's objects skip them by name. */
    static boolean isPartial(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return file.startsWith(".") && file.contains(PARTIAL_MARKER);
    }

    @Override
    public InputStream open(String name) {
        try {
            return Files.newInputStream(resolve(name));
        } catch (IOException e) {
            throw failure("read " + name, e);
        }
    }

    @Override
    public byte[] read(String name) {
        try {
            return Files.readAllBytes(resolve(name));
        } catch (IOException e) {
            throw failure("read " + name, e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(resolve(name));
        } catch (IOException e) {
            throw failure("delete " + name, e);
        }
    }

    @Override
    public void close() {
        // nothing held open
    }

    private Path resolve(String name) {
        Path path = root.resolve(name).normalize();
        if (!path.startsWith(root) || name.isBlank()) {
            throw new IllegalArgumentException("object name '" + name + "' leaves the backup directory");
        }
        return path;
    }

    private EtcdException failure(String action, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.toLowerCase(Locale.ROOT).contains("no space left") || reason.toLowerCase(Locale.ROOT).contains("quota")) {
            return new EtcdException(FailureCause.STORE_FULL, "cannot " + action + " in backup directory " + root
                    + ": the file system is full (" + reason + "); free space, or prune old backups (kube-ops etcd prune).", e);
        }
        if (e instanceof NoSuchFileException) {
            return new EtcdException(FailureCause.STORE_UNREACHABLE, "cannot " + action + " in backup directory " + root
                    + ": " + reason + " does not exist.", e);
        }
        String kind = e instanceof FileSystemException ? "" : e.getClass().getSimpleName() + ": ";
        return new EtcdException(FailureCause.STORE_UNREACHABLE, "cannot " + action + " in backup directory " + root + " ("
                + kind + reason + "): check that it is mounted and writable.", e);
    }

    private final class FileUpload implements Upload {
        private final FileChannel channel;
        private final Path partial;
        private final Path target;
        private final OutputStream stream;
        private boolean committed;

        FileUpload(FileChannel channel, Path partial, Path target) {
            this.channel = channel;
            this.partial = partial;
            this.target = target;
            // Keep the channel open past the stream's close so that commit() can force it to disk.
            OutputStream raw = Channels.newOutputStream(channel);
            this.stream = new BufferedOutputStream(new java.io.FilterOutputStream(raw) {
                @Override
                public void write(byte[] bytes, int offset, int length) throws IOException {
                    try {
                        out.write(bytes, offset, length);
                    } catch (IOException e) {
                        throw new StoreWriteException(failure("write " + root.relativize(target), e));
                    }
                }

                @Override
                public void close() throws IOException {
                    flush();
                }
            }, 1 << 16);
        }

        @Override
        public OutputStream stream() {
            return stream;
        }

        @Override
        public void commit() throws IOException {
            try {
                stream.flush();
                channel.force(true);
                channel.close();
                try {
                    Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
                }
                syncDirectory(target.getParent());
                committed = true;
            } catch (IOException e) {
                abort();
                throw failure("store " + root.relativize(target), e);
            }
        }

        @Override
        public void abort() {
            if (committed) {
                return;
            }
            try {
                channel.close();
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // best effort: a leftover partial file is hidden and pruned later
            }
        }
    }

    private static void syncDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException ignored) {
            // not every file system lets a directory be synced; the rename itself is still atomic
        }
    }
}
