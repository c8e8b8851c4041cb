package io.jenkins.plugins.kubeops.engine.etcd;

import io.grpc.ManagedChannel;
import io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.NegotiationType;
import io.grpc.netty.NettyChannelBuilder;
import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import io.netty.channel.ChannelOption;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.net.URI;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;

/**
 * gRPC channels to one etcd member, straight on grpc-java (Netty), without jetcd's vert.x client: calls fail fast
 * instead of waiting for a member to become ready (an unreachable member fails within the connect timeout), and
 * {@link SnapshotDownload} takes the snapshot's raw chunks off the event loop to a thread of its own. Measured here, jetcd's
 * path was 1.2-1.4x etcdctl's time in a warm JVM (chunks parsed into protobuf objects and written to the destination on
 * the single event-loop thread, so reading stops while writing) and 2.5-3.5x as a fresh process (JVM start and class
 * loading); see docs/etcd.md. The 16 MiB window spares etcd waits for window updates on real links (etcdctl's grpc-go
 * grows its window the same way); on loopback it made no measurable difference.
 */
final class EtcdChannels {

    /** Large enough that etcd never waits for window updates on a fast link (etcdctl's grpc-go grows to 16 MiB too). */
    static final int FLOW_CONTROL_WINDOW = 16 * 1024 * 1024;
    static final int MAX_INBOUND_MESSAGE = 8 * 1024 * 1024;
    /** grpc-netty logs an INFO line about epoll on first use; held so the level sticks (loggers are weakly referenced). */
    private static final java.util.logging.Logger TCP_METRICS = quiet("io.grpc.netty.TcpMetrics");

    private static java.util.logging.Logger quiet(String name) {
        java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
        logger.setLevel(java.util.logging.Level.WARNING);
        return logger;
    }

    private EtcdChannels() {
    }

    static ManagedChannel open(URI endpoint, EtcdTarget target) {
        String scheme = endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
        int port = endpoint.getPort() > 0 ? endpoint.getPort() : 2379;
        NettyChannelBuilder builder = NettyChannelBuilder.forAddress(endpoint.getHost(), port)
                .withOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, target.connectTimeout().toMillis()))
                .flowControlWindow(FLOW_CONTROL_WINDOW)
                .maxInboundMessageSize(MAX_INBOUND_MESSAGE)
                .userAgent("kube-ops-etcd")
                .directExecutor();
        if (scheme.equals("https")) {
            EtcdTls tls = target.tls().orElseThrow(() -> new KubeOpsException("endpoint " + endpoint
                    + " uses https but no etcd CA certificate was given: pass the CA (e.g. /etc/kubernetes/pki/etcd/ca.crt) "
                    + "and a client certificate and key."));
            builder.sslContext(sslContext(tls)).negotiationType(NegotiationType.TLS);
        } else {
            builder.usePlaintext();
        }
        return builder.build();
    }

    static SslContext sslContext(EtcdTls tls) {
        List<X509Certificate> ca = PemMaterial.certificates(tls.caPem(), "etcd CA certificate");
        SslContextBuilder builder = GrpcSslContexts.forClient().trustManager(ca.toArray(new X509Certificate[0]));
        if (tls.clientCertificatePem().isPresent()) {
            List<X509Certificate> chain = PemMaterial.certificates(tls.clientCertificatePem().get(), "etcd client certificate");
            PrivateKey key = PemMaterial.privateKey(tls.clientKeyPem().orElseThrow().reveal(), "etcd client key");
            builder.keyManager(key, chain.toArray(new X509Certificate[0]));
        }
        try {
            return builder.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new KubeOpsException("the etcd client certificate and key do not fit together (" + e.getMessage()
                    + "): give the key that belongs to the certificate.", e);
        }
    }
}
