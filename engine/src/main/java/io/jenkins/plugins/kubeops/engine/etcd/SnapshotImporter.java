package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Imports a snapshot file that was not taken here ({@code etcdctl snapshot save}, RKE2/k3s, kubeadm, another tool) into a
 * store as a backup like the ones taken from a member: verified the same way while it streams (trailer, size, pages,
 * revision and key count), compressed and optionally encrypted, committed, then its metadata written last — so that list,
 * retention, verify, restore plans and drills treat it the same. The metadata says it was imported and from which file.
 */
public final class SnapshotImporter {

    private final Clock clock;
    private final RandomGenerator ids;
    private final SecureRandom nonces;
    private final Consumer<String> log;

    public SnapshotImporter(Clock clock, RandomGenerator ids, SecureRandom nonces, Consumer<String> log) {
        this.clock = clock;
        this.ids = ids;
        this.nonces = nonces;
        this.log = log;
    }

    /**
     * The time an imported snapshot was taken, as a caller wrote it ({@link EtcdSettingsValidation#createdAt}); empty when
     * blank, so that the file's modification time is used.
     *
     * @param what the argument as the caller names it ({@code --created-at}, {@code createdAt})
     */
    public static Optional<Instant> createdAt(String what, String text) {
        EtcdSettingsValidation.createdAt(what, text).throwIfError();
        return text == null || text.isBlank() ? Optional.empty() : Optional.of(Instant.parse(text.trim()));
    }

    /**
     * @param createdAt when the snapshot was taken, if known; otherwise the file's modification time is used, which
     *                  retention and freshness then go by
     * @throws EtcdException {@code INVALID_SNAPSHOT}/{@code CHECKSUM_MISMATCH} saying what is wrong with the file (nothing
     *                       is stored then), or the store's failure
     */
    public BackupMetadata importFile(Path file, String cluster, BackupStore store, BackupOptions options,
                                     Optional<Instant> createdAt) {
        EtcdSettingsValidation.clusterName(cluster).throwIfError();
        Instant started = clock.instant();
        Compression fileCompression;
        BackupMetadata.ImportedFile source;
        try {
            fileCompression = SnapshotFile.compressionOf(file);
            source = new BackupMetadata.ImportedFile(file.getFileName().toString(),
                    Files.getLastModifiedTime(file).toInstant(), Files.size(file), fileCompression);
        } catch (InvalidSnapshotException e) {
            throw new EtcdException(e.failureCause(), "snapshot file " + file + " is not valid: " + e.getMessage()
                    + "; nothing was imported.", e);
        } catch (NoSuchFileException e) {
            throw new EtcdException(FailureCause.OTHER, "snapshot file " + file + " does not exist: check the path.", e);
        } catch (IOException e) {
            throw new EtcdException(FailureCause.OTHER, "cannot read snapshot file " + file + ": " + e.getMessage(), e);
        }
        store.check();
        Instant taken = createdAt.orElse(source.fileModifiedAt());
        String id = BackupCatalog.newId(taken, ids);
        String object = cluster + "/" + id + ".db" + options.compression().suffix()
                + (options.encryption().isPresent() ? ".enc" : "");
        log.accept("Import of " + file + " (" + fileCompression.label() + ", " + source.fileBytes() + " bytes, modified "
                + source.fileModifiedAt() + ") into " + store.describe() + " as " + object + " of cluster '" + cluster + "'");
        SnapshotStorer.Stored stored = SnapshotStorer.store(sink -> {
            SnapshotFile.pump(file, fileCompression, sink);
            return "";
        }, "snapshot file " + file, store, CompletableFuture.completedFuture(null), object, options,
                started.plus(Duration.ofHours(1)), nonces);
        Optional<BackupMetadata> same = BackupCatalog.list(store, cluster).backups().stream()
                .filter(b -> b.snapshotSha256().equals(stored.snapshotSha256())).findFirst();
        if (same.isPresent()) {
            store.delete(object);
            throw new EtcdException(FailureCause.OTHER, "snapshot file " + file + " is already in " + store.describe()
                    + " as backup " + same.get().id() + " of cluster '" + cluster + "' (same SHA-256): nothing was imported.");
        }
        BackupMetadata metadata = new BackupMetadata(id, cluster, taken, Duration.between(started, clock.instant()), object,
                options.compression(), options.encryption().map(EncryptionKey::id), stored.storedBytes(), stored.storedSha256(),
                stored.snapshotBytes(), stored.snapshotSha256(), stored.contents().dbSizeBytes(), stored.contents().revision(),
                stored.contents().keyCount(), "", stored.storageVersion(), "", "", "", stored.deepChecked(), List.of(),
                Optional.of(source));
        store.put(metadata.metadataName(), MetadataJson.write(metadata));
        log.accept("Imported " + file.getFileName() + " as backup " + id + ": revision " + metadata.revision() + ", "
                + metadata.keyCount() + " keys, " + metadata.snapshotBytes() + " bytes stored as " + metadata.storedBytes()
                + " bytes" + (createdAt.isEmpty() ? "; dated by the file's modification time " + taken : ""));
        return metadata;
    }
}
