package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * An object written to S3 as it is produced: 8 MiB parts, up to {@link #PARTS_IN_FLIGHT} uploading at once while the next
 * fills, so upload overlaps with snapshot and compression, and memory stays at a few parts (their buffers are reused). An object smaller than one part
 * goes up as a single PUT at commit. Nothing is visible before {@link #commit()} completes the upload.
 */
final class S3MultipartUpload implements BackupStore.Upload {

    static final int PART_SIZE = 8 * 1024 * 1024;
    static final int PARTS_IN_FLIGHT = 3;

    /** The store's client, which may still be being built when the upload is created: asked for at the first part. */
    private final Supplier<S3Client> client;
    private final S3Settings settings;
    private final String key;
    private final ExecutorService uploader;
    private final Semaphore slots = new Semaphore(PARTS_IN_FLIGHT);
    private final List<Future<CompletedPart>> parts = new ArrayList<>();
    private final PartStream stream = new PartStream();
    /** Part buffers whose upload finished, for the next parts: at most PARTS_IN_FLIGHT + 1 buffers are ever allocated. */
    private final Queue<byte[]> freeBuffers = new ConcurrentLinkedQueue<>();
    private String uploadId;
    private boolean committed;

    S3MultipartUpload(Supplier<S3Client> client, S3Settings settings, String key) {
        this.client = client;
        this.settings = settings;
        this.key = key;
        this.uploader = Executors.newFixedThreadPool(PARTS_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "kube-ops-s3-upload");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Override
    public OutputStream stream() {
        return stream;
    }

    private final class PartStream extends OutputStream {
        private byte[] buffer = new byte[PART_SIZE];
        private int filled;
        private boolean closed;

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            while (length > 0) {
                int n = Math.min(length, PART_SIZE - filled);
                System.arraycopy(bytes, offset, buffer, filled, n);
                filled += n;
                offset += n;
                length -= n;
                if (filled == PART_SIZE) {
                    sendPart();
                }
            }
        }

        private void sendPart() throws IOException {
            try {
                if (uploadId == null) {
                    uploadId = client.get().createMultipartUpload(b -> b.bucket(settings.bucket()).key(key)).uploadId();
                }
                slots.acquire();
            } catch (SdkException e) {
                throw new StoreWriteException(S3Errors.explain(settings, "start uploading " + key, e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while uploading " + key, e);
            }
            byte[] part = buffer;
            int length = filled;
            int number = parts.size() + 1;
            byte[] recycled = freeBuffers.poll();
            buffer = recycled != null ? recycled : new byte[PART_SIZE];
            filled = 0;
            parts.add(uploader.submit(() -> {
                try {
                    String etag = client.get().uploadPart(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                            .partNumber(number).contentLength((long) length), body(part, length)).eTag();
                    freeBuffers.offer(part);
                    return CompletedPart.builder().partNumber(number).eTag(etag).build();
                } finally {
                    slots.release();
                }
            }));
            failFast();
        }

        /** Surfaces a failed part while streaming instead of at the end. */
        private void failFast() throws IOException {
            for (Future<CompletedPart> part : parts) {
                if (part.isDone()) {
                    await(part);
                }
            }
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                if (uploadId != null && filled > 0) {
                    sendPart();
                }
            }
        }
    }

    /**
     * The part's bytes as they lie ({@code RequestBody.fromByteBuffer} copies them first); the SDK opens a new stream for
     * signing and for each attempt.
     */
    private static RequestBody body(byte[] bytes, int length) {
        return RequestBody.fromContentProvider(() -> new ByteArrayInputStream(bytes, 0, length), length,
                "application/octet-stream");
    }

    private CompletedPart await(Future<CompletedPart> part) throws IOException {
        try {
            return part.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading " + key, e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SdkException sdk) {
                throw new StoreWriteException(S3Errors.explain(settings, "upload " + key, sdk));
            }
            throw new IOException("uploading " + key + " failed: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void commit() throws IOException {
        stream.close();
        try {
            if (uploadId == null) {
                client.get().putObject(b -> b.bucket(settings.bucket()).key(key).contentLength((long) stream.filled),
                        body(stream.buffer, stream.filled));
            } else {
                List<CompletedPart> completed = new ArrayList<>();
                for (Future<CompletedPart> part : parts) {
                    completed.add(await(part));
                }
                client.get().completeMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId)
                        .multipartUpload(m -> m.parts(completed)));
            }
            committed = true;
        } catch (SdkException e) {
            abort();
            throw new StoreWriteException(S3Errors.explain(settings, "complete the upload of " + key, e));
        } catch (IOException e) {
            abort();
            throw e;
        } finally {
            uploader.shutdown();
        }
    }

    @Override
    public void abort() {
        if (committed) {
            return;
        }
        uploader.shutdownNow();
        if (uploadId != null) {
            try {
                client.get().abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
            } catch (SdkException ignored) {
                // the store is failing anyway; an unfinished upload is invisible and expires or is aborted later
            }
        }
    }
}
