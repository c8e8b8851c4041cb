package io.jenkins.plugins.kubeops.engine.etcd;

import io.etcd.jetcd.api.MaintenanceGrpc;
import io.etcd.jetcd.api.SnapshotRequest;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One {@code Maintenance/Snapshot} call. The Netty thread only queues the raw messages; the caller's thread hands each blob
 * to the sink (trailer check, compression, upload) and asks for one more message per message consumed, so at most
 * {@link #IN_FLIGHT} chunks (about 8 MiB) are ever held: the snapshot is never in memory whole, and a slow destination slows
 * etcd down through gRPC flow control instead of filling the heap.
 */
public final class SnapshotDownload {

    /** Messages requested ahead; etcd sends 32 KiB chunks. */
    static final int IN_FLIGHT = 256;
    /**
     * More messages are requested in batches of this many: each request from this thread wakes the Netty event loop, and
     * one wake-up per 32 KiB chunk cost measurable CPU.
     */
    static final int REQUEST_BATCH = 64;

    private static final MethodDescriptor<SnapshotRequest, byte[]> METHOD = MaintenanceGrpc.getSnapshotMethod()
            .toBuilder(ProtoUtils.marshaller(SnapshotRequest.getDefaultInstance()), new RawMarshaller()).build();

    /** Receives the snapshot bytes in order. */
    @FunctionalInterface
    public interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /**
     * @param bytes          bytes received (database and the 32-byte SHA-256 trailer)
     * @param storageVersion etcd's storage version from the stream (3.6+), empty from older members
     * @param headerRevision revision in the first message's header, 0 when the member sends none
     */
    public record Result(long bytes, String storageVersion, long headerRevision, long headerMemberId) {
    }

    private final ManagedChannel channel;
    private final URI endpoint;

    SnapshotDownload(ManagedChannel channel, URI endpoint) {
        this.channel = channel;
        this.endpoint = endpoint;
    }

    Result run(Instant deadline, Sink sink) throws IOException {
        BlockingQueue<Object> queue = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
        long millis = Math.max(1, deadline.toEpochMilli() - System.currentTimeMillis());
        ClientCall<SnapshotRequest, byte[]> call = channel.newCall(METHOD,
                CallOptions.DEFAULT.withDeadline(Deadline.after(millis, TimeUnit.MILLISECONDS)));
        call.start(new ClientCall.Listener<>() {
            @Override
            public void onMessage(byte[] message) {
                queue.add(message); // never full: no more than IN_FLIGHT messages are requested ahead
            }

            @Override
            public void onClose(Status status, Metadata trailers) {
                queue.add(status);
            }
        }, new Metadata());
        call.sendMessage(SnapshotRequest.getDefaultInstance());
        call.halfClose();
        call.request(IN_FLIGHT);
        long bytes = 0;
        String version = "";
        long headerRevision = 0;
        long headerMember = 0;
        boolean first = true;
        boolean finished = false;
        int consumed = 0;
        try {
            while (true) {
                long wait = deadline.toEpochMilli() - System.currentTimeMillis();
                Object next = wait <= 0 ? queue.poll() : queue.poll(wait, TimeUnit.MILLISECONDS);
                if (next == null) {
                    throw EtcdErrors.explain(endpoint, "take a snapshot",
                            Status.DEADLINE_EXCEEDED.withDescription("snapshot not finished by the deadline").asRuntimeException());
                }
                if (next instanceof Status status) {
                    finished = true;
                    if (!status.isOk()) {
                        throw EtcdErrors.explain(endpoint, "take a snapshot", status.asRuntimeException());
                    }
                    return new Result(bytes, version, headerRevision, headerMember);
                }
                SnapshotChunk chunk = SnapshotChunk.parse((byte[]) next);
                if (first) {
                    headerRevision = chunk.headerRevision();
                    headerMember = chunk.headerMemberId();
                    first = false;
                }
                if (!chunk.version().isEmpty()) {
                    version = chunk.version();
                }
                sink.write(chunk.message(), chunk.blobOffset(), chunk.blobLength());
                bytes += chunk.blobLength();
                if (++consumed == REQUEST_BATCH) {
                    call.request(consumed);
                    consumed = 0;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while taking a snapshot from " + endpoint, e);
        } finally {
            if (!finished) {
                call.cancel("snapshot abandoned", null);
            }
        }
    }

    /** Keeps each response as the bytes that came over the wire; {@link SnapshotChunk} reads them in place. */
    private static final class RawMarshaller implements MethodDescriptor.Marshaller<byte[]> {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try (stream) {
                // gRPC's message streams know their length: one exact copy instead of readAllBytes' growing buffers.
                int known = stream.available();
                byte[] message = new byte[known];
                int read = stream.readNBytes(message, 0, known);
                byte[] rest = stream.readAllBytes();
                if (rest.length == 0 && read == known) {
                    return message;
                }
                byte[] whole = java.util.Arrays.copyOf(message, read + rest.length);
                System.arraycopy(rest, 0, whole, read, rest.length);
                return whole;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
