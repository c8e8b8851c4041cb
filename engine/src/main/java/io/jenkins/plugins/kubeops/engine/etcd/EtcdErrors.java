package io.jenkins.plugins.kubeops.engine.etcd;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.cert.CertificateException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** Turns a gRPC failure from an etcd member into one sentence naming the cause and the fix. */
public final class EtcdErrors {

    private EtcdErrors() {
    }

    public static FailureCause cause(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription() == null ? "" : status.getDescription().toLowerCase(Locale.ROOT);
        if (description.contains("database space exceeded") || description.contains("nospace")) {
            return FailureCause.ETCD_NOSPACE;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return FailureCause.ETCD_TLS;
            }
            if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                    || cause instanceof UnknownHostException || cause instanceof UnresolvedAddressException) {
                return FailureCause.ETCD_UNREACHABLE;
            }
        }
        switch (status.getCode()) {
            case DEADLINE_EXCEEDED:
                return FailureCause.ETCD_TIMEOUT;
            case UNAUTHENTICATED:
            case PERMISSION_DENIED:
                return FailureCause.ETCD_PERMISSION;
            case UNAVAILABLE:
                // A server that drops the connection during the handshake (it rejected our certificate) shows up as
                // UNAVAILABLE without an SSLException on our side.
                return description.contains("ssl") || description.contains("handshake") || description.contains("certificate")
                        ? FailureCause.ETCD_TLS : FailureCause.ETCD_UNREACHABLE;
            default:
                return FailureCause.OTHER;
        }
    }

    public static EtcdException explain(URI endpoint, String action, StatusRuntimeException e) {
        return new EtcdException(cause(e), message(endpoint, action, e), e);
    }

    static String message(URI endpoint, String action, StatusRuntimeException e) {
        String prefix = "cannot " + action + " at etcd member " + endpoint + ": ";
        String detail = detail(e);
        switch (cause(e)) {
            case ETCD_UNREACHABLE:
                return prefix + "it is unreachable (" + detail + "): check the endpoint URL and port, and that etcd runs there.";
            case ETCD_TLS:
                return prefix + "TLS failed (" + detail + "): check that the CA certificate is the one that signed etcd's "
                        + "server certificate (kubeadm: /etc/kubernetes/pki/etcd/ca.crt) and that the client certificate and "
                        + "key are signed by it, and use https:// for TLS members.";
            case ETCD_TIMEOUT:
                return prefix + "no answer in time (" + detail + "): check that the member is healthy, or raise the timeout.";
            case ETCD_NOSPACE:
                return prefix + "the NOSPACE alarm is raised (the database reached its quota): the cluster takes no writes "
                        + "until it is compacted, defragmented and the alarm is disarmed (etcdctl alarm disarm).";
            case ETCD_PERMISSION:
                return prefix + "permission denied (" + detail + "): the client certificate's user needs the root role for "
                        + "snapshots.";
            default:
                return prefix + detail;
        }
    }

    private static String detail(StatusRuntimeException e) {
        Status status = e.getStatus();
        String description = status.getDescription();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String rootMessage = root == e ? null : root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + firstLine(root.getMessage()));
        StringBuilder text = new StringBuilder(status.getCode().name());
        if (description != null && !description.isBlank()) {
            text.append(": ").append(firstLine(description));
        }
        if (rootMessage != null && (description == null || !description.contains(root.getMessage() == null ? "\0" : root.getMessage()))) {
            text.append("; ").append(rootMessage);
        }
        return text.toString();
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
