package io.jenkins.plugins.kubeops.engine.etcd;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns an S3 failure into one sentence with its cause and what to check. */
final class S3Errors {

    private S3Errors() {
    }

    static EtcdException explain(S3Settings settings, String action, SdkException e) {
        String prefix = "cannot " + action + " in " + settings.describe() + ": ";
        if (e instanceof AwsServiceException service) {
            int status = service.statusCode();
            String code = service.awsErrorDetails() == null ? "" : String.valueOf(service.awsErrorDetails().errorCode());
            String lower = code.toLowerCase(Locale.ROOT);
            if (status == 507 || lower.contains("quota") || lower.contains("insufficientstorage") || lower.contains("entitytoolarge")) {
                return new EtcdException(FailureCause.STORE_FULL, prefix + "the storage is full or over quota (HTTP " + status
                        + " " + code + "): free space or raise the quota, or prune old backups.", e);
            }
            if (status == 403 || status == 401) {
                return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "access denied (HTTP " + status + " " + code
                        + "): check the access key, secret key, region and the bucket's policy.", e);
            }
            if (lower.equals("nosuchbucket") || (status == 404 && action.startsWith("reach"))) {
                return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "the bucket does not exist (HTTP " + status
                        + "): create bucket '" + settings.bucket() + "' or fix its name.", e);
            }
            if (lower.equals("nosuchkey") || status == 404) {
                return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "no such object (HTTP 404): list the "
                        + "backups and pick an existing one.", e);
            }
            return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "HTTP " + status + " " + code + ": "
                    + firstLine(service.getMessage()), e);
        }
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "TLS failed (" + cause.getMessage()
                        + "): give the CA certificate of the S3 server, or check the endpoint URL.", e);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "the S3 endpoint is unreachable ("
                        + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "): check the endpoint URL and that the "
                        + "server is running.", e);
            }
            if (cause instanceof SocketTimeoutException) {
                return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + "the S3 endpoint did not answer in time: check "
                        + "that it is healthy, or raise the timeout.", e);
            }
        }
        return new EtcdException(FailureCause.STORE_UNREACHABLE, prefix + firstLine(e.getMessage()), e);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
