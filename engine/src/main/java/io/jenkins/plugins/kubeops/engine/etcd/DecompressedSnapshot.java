package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The snapshot inside compressed bytes. This is the one place where decompressors fail on damaged data: their exceptions
 * ("Unknown frame descriptor", "Restored data doesn't match checksum", "Unexpected end of ZLIB input stream") become an
 * {@link InvalidSnapshotException} that says what is wrong with the file ({@link SnapshotProblems#damagedCompression}).
 * Failures of the source itself (a store's network, decryption) pass through unchanged.
 */
final class DecompressedSnapshot extends InputStream {

    private final Compression compression;
    private final CountingSource source;
    private InputStream decompressed;
    private long produced;

    private DecompressedSnapshot(InputStream source, Compression compression) {
        this.compression = compression;
        this.source = new CountingSource(source);
    }

    static InputStream of(InputStream source, Compression compression) {
        return new DecompressedSnapshot(source, compression);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
            if (decompressed == null) {
                decompressed = compression.decompress(source); // gzip reads its header here
            }
            int n = decompressed.read(buffer, offset, length);
            if (n > 0) {
                produced += n;
            }
            return n;
        } catch (SourceFailure e) {
            throw e.original;
        } catch (InvalidSnapshotException e) {
            throw e;
        } catch (IOException e) {
            SnapshotProblems.Problem problem = SnapshotProblems.damagedCompression(compression, e, source.count, produced);
            throw new InvalidSnapshotException(problem.message(), problem.cause() == FailureCause.CHECKSUM_MISMATCH);
        }
    }

    @Override
    public void close() throws IOException {
        if (decompressed != null) {
            decompressed.close();
        } else {
            source.close();
        }
    }

    /** A failure of the source, carried through the decompressor untouched. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;
        private final transient IOException original;

        SourceFailure(IOException original) {
            super(original.getMessage(), original);
            this.original = original;
        }
    }

    private static final class CountingSource extends FilterInputStream {
        private long count;

        CountingSource(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                if (b >= 0) {
                    count++;
                }
                return b;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                if (n > 0) {
                    count += n;
                }
                return n;
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }
    }
}
