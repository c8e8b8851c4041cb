package io.jenkins.plugins.kubeops.engine.cluster;

import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns a fabric8 failure into one sentence with its cause and the fix, instead of a stack trace.
 */
public final class ClusterErrors {

    private ClusterErrors() {
    }

    public static String explain(KubernetesClientException e) {
        switch (e.getCode()) {
            case 401:
                return "the credentials were rejected (HTTP 401): check the token or the kubeconfig user.";
            case 403:
                return "permission denied (HTTP 403): " + firstLine(e.getStatus() == null ? e.getMessage() : e.getStatus().getMessage())
                        + "; grant the identity the missing RBAC verbs.";
            default:
                break;
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return "TLS failed (" + cause.getMessage() + "): set the cluster's CA certificate, or check that the URL points "
                        + "at the API server.";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage() + ": check the API server URL.";
            }
            if (cause instanceof ConnectException || cause instanceof HttpConnectTimeoutException
                    || cause instanceof NoRouteToHostException) {
                return "the API server is unreachable (" + cause.getClass().getSimpleName() + "): check the URL, the port and "
                        + "that the cluster is running.";
            }
            // JDK client: HttpTimeoutException; OkHttp (Jenkins' kubernetes-client-api plugin): SocketTimeoutException.
            if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException
                    || cause instanceof SocketTimeoutException) {
                return "the API server did not answer in time: check that it is healthy, or raise the request timeout.";
            }
        }
        return e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + firstLine(e.getMessage()) : firstLine(e.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
