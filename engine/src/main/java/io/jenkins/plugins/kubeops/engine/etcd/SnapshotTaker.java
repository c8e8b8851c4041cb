package io.jenkins.plugins.kubeops.engine.etcd;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Takes one backup: picks a member, streams its snapshot through the trailer check into a local spool (for reading the
 * database afterwards) and, at the same time, through compression, encryption and a checksum into the store. Only when the
 * trailer matches and the database opens is the object committed and its metadata written — last — so a failed or partial
 * snapshot is never a backup.
 */
public final class SnapshotTaker {

    private final Clock clock;
    private final RandomGenerator ids;
    private final SecureRandom nonces;
    private final SnapshotLocks locks;
    private final Consumer<String> log;

    public SnapshotTaker(Clock clock, RandomGenerator ids, SecureRandom nonces, SnapshotLocks locks, Consumer<String> log) {
        this.clock = clock;
        this.ids = ids;
        this.nonces = nonces;
        this.locks = locks;
        this.log = log;
    }

    /**
     * Takes a backup; a failure (other than a refusal because another backup runs) is also recorded in the store as the
     * cluster's {@link LastFailure}, for the metrics.
     */
    public BackupMetadata backup(EtcdTarget target, BackupStore store, BackupOptions options) {
        try {
            return take(target, store, options);
        } catch (EtcdException e) {
            if (e.failureCause() != FailureCause.BACKUP_IN_PROGRESS) {
                LastFailure.record(store, new LastFailure(target.cluster(), clock.instant(), e.failureCause(), e.getMessage()), log);
            }
            throw e;
        } catch (RuntimeException e) {
            LastFailure.record(store, new LastFailure(target.cluster(), clock.instant(), FailureCause.OTHER,
                    String.valueOf(e.getMessage())), log);
            throw e;
        }
    }

    private BackupMetadata take(EtcdTarget target, BackupStore store, BackupOptions options) {
        Instant started = clock.instant();
        Instant deadline = started.plus(target.timeout());
        try (SnapshotLocks.Held lock = locks.acquire(target.cluster())) {
            // Reaching the store and reaching etcd both start cold (TLS, client set-up): the store is checked on a thread of
            // its own while etcd is reached and the snapshot starts; a store that fails its check stops the snapshot at once.
            CompletableFuture<Void> storeReady = CompletableFuture.runAsync(store::check);
            // The metadata's JSON writer loads some 500 classes in a fresh JVM: a spare thread does that while etcd streams.
            CompletableFuture.runAsync(MetadataJson::prepare);
            try (Chosen chosen = chooseMember(target)) {
                EtcdClient client = chosen.client();
                MemberStatus status = chosen.status();
                List<String> alarms = client.alarms();
                alarms.forEach(alarm -> log.accept("warning: etcd alarm " + alarm + " is raised in " + target.describe()
                        + (alarm.startsWith("NOSPACE") ? ": the database hit its quota and takes no writes until it is "
                        + "compacted, defragmented and the alarm disarmed; the backup goes on" : "")));
                String memberName = client.members().stream().filter(m -> m.id() == status.memberId()).map(EtcdMember::name)
                        .findFirst().orElse(status.memberIdHex());
                String id = BackupCatalog.newId(started, ids);
                String object = target.cluster() + "/" + id + ".db" + options.compression().suffix()
                        + (options.encryption().isPresent() ? ".enc" : "");
                log.accept("Snapshot of " + target.describe() + " from member " + memberName + " (" + client.endpoint()
                        + ", etcd " + status.version() + ", " + status.dbSizeBytes() + " bytes) to " + store.describe() + " as "
                        + object);
                SnapshotStorer.Stored stored = SnapshotStorer.store(sink -> client.snapshot(deadline, sink).storageVersion(),
                        "the snapshot from " + client.endpoint(), store, storeReady, object, options,
                        deadline, nonces);
                BackupMetadata metadata = new BackupMetadata(id, target.cluster(), started,
                        Duration.between(started, clock.instant()), object, options.compression(),
                        options.encryption().map(EncryptionKey::id), stored.storedBytes(), stored.storedSha256(),
                        stored.snapshotBytes(), stored.snapshotSha256(), stored.contents().dbSizeBytes(), stored.contents().revision(),
                        stored.contents().keyCount(), status.version(), stored.storageVersion(), memberName, status.memberIdHex(),
                        client.endpoint().toString(), stored.deepChecked(), alarms, Optional.empty());
                store.put(metadata.metadataName(), MetadataJson.write(metadata));
                log.accept("Backup " + id + " verified: revision " + metadata.revision() + ", " + metadata.keyCount()
                        + " keys, " + metadata.snapshotBytes() + " bytes stored as " + metadata.storedBytes() + " bytes in "
                        + metadata.duration().toMillis() + " ms");
                return metadata;
            }
        }
    }

    /** The member a backup is taken from: a client to it and the status it was chosen by. */
    private record Chosen(EtcdClient client, MemberStatus status) implements AutoCloseable {
        @Override
        public void close() {
            client.close();
        }
    }

    /** Connects to the members in turn and keeps a client to the chosen one; says why when none is usable. */
    private Chosen chooseMember(EtcdTarget target) {
        List<MemberStatus> statuses = new ArrayList<>();
        List<EtcdException> failures = new ArrayList<>();
        List<EtcdClient> clients = new ArrayList<>();
        try {
            for (java.net.URI endpoint : target.endpoints()) {
                EtcdClient client = EtcdClient.connect(target, endpoint);
                clients.add(client);
                try {
                    statuses.add(client.status());
                } catch (EtcdException e) {
                    failures.add(e);
                }
            }
            Optional<MemberStatus> chosen = MemberChoice.choose(statuses, target.preferFollower());
            if (chosen.isEmpty()) {
                if (!failures.isEmpty()) {
                    EtcdException first = failures.get(0);
                    throw new EtcdException(first.failureCause(), failures.size() == 1 ? first.getMessage()
                            : "no etcd member of " + target.describe() + " could be used: " + failures.stream()
                            .map(EtcdException::getMessage).reduce((a, b) -> a + " | " + b).orElse(""), first);
                }
                throw new EtcdException(FailureCause.ETCD_UNREACHABLE, "no healthy voting member in " + target.describe()
                        + " (statuses: " + statuses + "): fix the cluster's health first.");
            }
            EtcdClient picked = clients.get(target.endpoints().indexOf(chosen.get().endpoint()));
            clients.remove(picked);
            return new Chosen(picked, chosen.get());
        } finally {
            clients.forEach(EtcdClient::close);
        }
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks SHA-256", e);
        }
    }
}
