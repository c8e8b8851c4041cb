package io.jenkins.plugins.kubeops.engine.etcd;

import com.google.protobuf.ByteString;
import io.etcd.jetcd.api.AlarmMember;
import io.etcd.jetcd.api.AlarmRequest;
import io.etcd.jetcd.api.ClusterGrpc;
import io.etcd.jetcd.api.KVGrpc;
import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.MemberListRequest;
import io.etcd.jetcd.api.PutRequest;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import io.etcd.jetcd.api.StatusRequest;
import io.etcd.jetcd.api.StatusResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one place the etcd package talks to an etcd member: status, members, alarms, key counts and snapshots. Every call
 * has a deadline; failures become {@link EtcdException}s with one sentence ({@link EtcdErrors}).
 */
public final class EtcdClient implements AutoCloseable {

    /** A short call (status, list) may take the connect timeout plus this. */
    private static final Duration SHORT_CALL_EXTRA = Duration.ofSeconds(10);

    private final URI endpoint;
    private final EtcdTarget target;
    private final ManagedChannel channel;

    private EtcdClient(URI endpoint, EtcdTarget target, ManagedChannel channel) {
        this.endpoint = endpoint;
        this.target = target;
        this.channel = channel;
    }

    public static EtcdClient connect(EtcdTarget target, URI endpoint) {
        return new EtcdClient(endpoint, target, EtcdChannels.open(endpoint, target));
    }

    public URI endpoint() {
        return endpoint;
    }

    public MemberStatus status() {
        try {
            StatusResponse status = MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(shortCall(), TimeUnit.MILLISECONDS)
                    .status(StatusRequest.getDefaultInstance());
            return new MemberStatus(endpoint, status.getHeader().getMemberId(), status.getLeader(), status.getVersion(),
                    status.getDbSize(), status.getDbSizeInUse(), status.getHeader().getRevision(), status.getIsLearner(),
                    status.getErrorsList());
        } catch (StatusRuntimeException e) {
            throw EtcdErrors.explain(endpoint, "read the member status", e);
        }
    }

    public List<EtcdMember> members() {
        try {
            return ClusterGrpc.newBlockingStub(channel).withDeadlineAfter(shortCall(), TimeUnit.MILLISECONDS)
                    .memberList(MemberListRequest.getDefaultInstance()).getMembersList().stream()
                    .map(m -> new EtcdMember(m.getID(), m.getName(), m.getPeerURLsList(), m.getClientURLsList(), m.getIsLearner()))
                    .toList();
        } catch (StatusRuntimeException e) {
            throw EtcdErrors.explain(endpoint, "list the members", e);
        }
    }

    /** Raised alarms as {@code TYPE@memberIdHex}, e.g. {@code NOSPACE@8e9e05c52164694d}; empty when none. */
    public List<String> alarms() {
        try {
            List<AlarmMember> alarms = MaintenanceGrpc.newBlockingStub(channel).withDeadlineAfter(shortCall(), TimeUnit.MILLISECONDS)
                    .alarm(AlarmRequest.newBuilder().setAction(AlarmRequest.AlarmAction.GET).build()).getAlarmsList();
            return alarms.stream().map(a -> a.getAlarm().name() + "@" + Long.toHexString(a.getMemberID())).toList();
        } catch (StatusRuntimeException e) {
            throw EtcdErrors.explain(endpoint, "read the alarms", e);
        }
    }

    /** Number of keys and the store's revision, read at one point in time (a count-only range over all keys). */
    public KeyCount countKeys() {
        try {
            RangeResponse range = KVGrpc.newBlockingStub(channel).withDeadlineAfter(shortCall(), TimeUnit.MILLISECONDS)
                    .range(RangeRequest.newBuilder().setKey(ByteString.copyFrom(new byte[] {0}))
                            .setRangeEnd(ByteString.copyFrom(new byte[] {0})).setCountOnly(true).build());
            return new KeyCount(range.getCount(), range.getHeader().getRevision());
        } catch (StatusRuntimeException e) {
            throw EtcdErrors.explain(endpoint, "count the keys", e);
        }
    }

    /** Writes one key; used by drills and tests to mark a throw-away member. */
    public long put(String key, byte[] value) {
        try {
            return KVGrpc.newBlockingStub(channel).withDeadlineAfter(shortCall(), TimeUnit.MILLISECONDS)
                    .put(PutRequest.newBuilder().setKey(ByteString.copyFrom(key, StandardCharsets.UTF_8))
                            .setValue(ByteString.copyFrom(value)).build()).getHeader().getRevision();
        } catch (StatusRuntimeException e) {
            throw EtcdErrors.explain(endpoint, "write key " + key, e);
        }
    }

    /**
     * Streams a snapshot of this member's database into {@code sink} (on the calling thread) until it ends or the deadline
     * passes; see {@link SnapshotDownload}.
     */
    public SnapshotDownload.Result snapshot(Instant deadline, SnapshotDownload.Sink sink) throws IOException {
        return new SnapshotDownload(channel, endpoint).run(deadline, sink);
    }

    @Override
    public void close() {
        channel.shutdownNow();
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private long shortCall() {
        return target.connectTimeout().plus(SHORT_CALL_EXTRA).toMillis();
    }

    /** Live keys and the revision they were counted at. */
    public record KeyCount(long keys, long revision) {
    }
}
