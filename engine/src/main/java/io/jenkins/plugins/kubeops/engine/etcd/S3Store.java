package io.jenkins.plugins.kubeops.engine.etcd;

import java.io.IOException;
import java.io.InputStream;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.TrustManagerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3-compatible bucket (AWS SDK v2, synchronous Apache client). Large objects go up as multipart uploads
 * with a few parts in flight ({@link S3MultipartUpload}); an object exists only once the upload is completed, so an
 * interrupted backup leaves nothing under its name (the unfinished upload is aborted). Objects are deleted one by one,
 * because some servers (Swift's s3api) reject multi-object delete without Content-MD5. Retention is done here, not by
 * bucket lifecycle rules, which not every server has.
 */
public final class S3Store implements BackupStore {

    private final S3Settings settings;
    /**
     * Built on a thread of its own, started here: in a fresh JVM the SDK's client loads about 2,000 classes, the largest
     * start-up cost of a CLI backup, which then connects to etcd meanwhile. Every call waits for it.
     */
    private final CompletableFuture<S3Client> client = new CompletableFuture<>();

    public S3Store(S3Settings settings) {
        this.settings = settings;
        Thread builder = new Thread(() -> {
            try {
                client.complete(build(settings));
            } catch (RuntimeException | Error e) {
                client.completeExceptionally(e);
            }
        }, "kube-ops-s3-client");
        builder.setDaemon(true);
        builder.start();
    }

    /** The SDK client, once built; a failure to build it is thrown here, as the constructor used to throw it. */
    private S3Client client() {
        try {
            return client.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    private static S3Client build(S3Settings settings) {
        Apache5HttpClient.Builder http = Apache5HttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.requestTimeout())
                .maxConnections(S3MultipartUpload.PARTS_IN_FLIGHT + 2);
        settings.caPem().ifPresent(pem -> http.tlsTrustManagersProvider(() -> trustManagers(pem)));
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(http)
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                // Servers other than AWS (Swift s3api, older MinIO/Ceph) reject aws-chunked bodies and checksum trailers.
                .serviceConfiguration(c -> c.chunkedEncodingEnabled(false))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.apiCallTimeout(settings.requestTimeout().multipliedBy(4))
                        .apiCallAttemptTimeout(settings.requestTimeout()));
        settings.endpoint().ifPresent(builder::endpointOverride);
        if (settings.accessKeyId().isPresent()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKeyId().get(),
                    settings.secretAccessKey().orElseThrow().reveal())));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }

    private static javax.net.ssl.TrustManager[] trustManagers(String pem) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate certificate : PemMaterial.certificates(pem, "S3 CA certificate")) {
                store.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory.getTrustManagers();
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the S3 CA certificate: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        return settings.describe();
    }

    @Override
    public void check() {
        try {
            client().headBucket(HeadBucketRequest.builder().bucket(settings.bucket()).build());
        } catch (SdkException e) {
            throw S3Errors.explain(settings, "reach the bucket", e);
        }
    }

    @Override
    public Upload create(String name) {
        return new S3MultipartUpload(this::client, settings, settings.key(name));
    }

    @Override
    public void put(String name, byte[] content) {
        try {
            client().putObject(b -> b.bucket(settings.bucket()).key(settings.key(name)).contentLength((long) content.length),
                    RequestBody.fromBytes(content));
        } catch (SdkException e) {
            throw S3Errors.explain(settings, "write " + name, e);
        }
    }

    @Override
    public List<Entry> list(String prefix) {
        List<Entry> entries = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Response page = client().listObjectsV2(ListObjectsV2Request.builder().bucket(settings.bucket())
                        .prefix(settings.key(prefix)).continuationToken(token).build());
                for (S3Object object : page.contents()) {
                    entries.add(new Entry(settings.name(object.key()), object.size(), object.lastModified()));
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (SdkException e) {
            throw S3Errors.explain(settings, "list " + prefix, e);
        }
        return entries;
    }

    @Override
    public InputStream open(String name) {
        try {
            return client().getObject(b -> b.bucket(settings.bucket()).key(settings.key(name)));
        } catch (SdkException e) {
            throw S3Errors.explain(settings, "read " + name, e);
        }
    }

    @Override
    public byte[] read(String name) {
        try (InputStream in = open(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EtcdException(FailureCause.STORE_UNREACHABLE, "cannot read " + name + " from " + describe() + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            client().deleteObject(b -> b.bucket(settings.bucket()).key(settings.key(name)));
        } catch (SdkException e) {
            throw S3Errors.explain(settings, "delete " + name, e);
        }
    }

    @Override
    public void close() {
        try {
            client.join().close();
        } catch (CompletionException e) {
            // never built: nothing to close
        }
    }
}
