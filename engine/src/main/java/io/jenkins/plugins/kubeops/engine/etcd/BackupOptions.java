package io.jenkins.plugins.kubeops.engine.etcd;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a backup is taken and stored.
 *
 * @param encryption  encrypt the stored object with this key (AES-256-GCM)
 * @param deepCheck   also restore the snapshot with these binaries into a temporary directory and open the result
 * @param workDir     where the snapshot is spooled for verification while it streams to the store (needs room for one
 *                    database; deleted afterwards)
 */
public record BackupOptions(Compression compression, Optional<EncryptionKey> encryption, Optional<EtcdBinaries> deepCheck,
                            Path workDir) {

    public BackupOptions {
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(encryption, "encryption");
        Objects.requireNonNull(deepCheck, "deepCheck");
        Objects.requireNonNull(workDir, "workDir");
    }

    public static BackupOptions defaults(Path workDir) {
        return new BackupOptions(Compression.ZSTD, Optional.empty(), Optional.empty(), workDir);
    }
}
