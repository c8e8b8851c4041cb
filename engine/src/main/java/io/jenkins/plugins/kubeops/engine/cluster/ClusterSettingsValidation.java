package io.jenkins.plugins.kubeops.engine.cluster;

import io.jenkins.plugins.kubeops.engine.common.DnsNames;
import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks for the fields that describe a cluster connection (global configuration, step arguments, CLI options). Pure
 * functions: every message names the bad value and says how to fix it.
 */
public final class ClusterSettingsValidation {

    private ClusterSettingsValidation() {
    }

    /** A cluster's name as pipelines refer to it ({@code cluster: 'prod-eu'}). */
    public static Validation clusterName(String name) {
        if (name == null || name.isBlank()) {
            return Validation.error("Cluster name is required: pipelines select a cluster by it, e.g. 'prod-eu'.");
        }
        return DnsNames.label("Cluster name", name.trim(), "e.g. 'prod-eu'");
    }

    /** Names must be unique, or a pipeline's {@code cluster: 'x'} would be ambiguous. */
    public static Validation uniqueClusterNames(Collection<String> names) {
        Set<String> seen = new HashSet<>();
        Set<String> duplicates = new TreeSet<>();
        for (String name : names) {
            if (name != null && !seen.add(name.trim())) {
                duplicates.add(name.trim());
            }
        }
        return duplicates.isEmpty() ? Validation.ok() : Validation.error(
                "Cluster names must be unique, but " + duplicates + " appear more than once: rename or remove the duplicates.");
    }

    /**
     * The API server URL. Optional when the credential is a kubeconfig, which carries its own server.
     */
    public static Validation serverUrl(String url) {
        if (url == null || url.isBlank()) {
            return Validation.ok();
        }
        String trimmed = url.trim();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            return Validation.error("API server URL '" + trimmed + "' is not a valid URL (" + e.getReason()
                    + "): use https://HOST[:PORT], as in the kubeconfig's clusters[].cluster.server.");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Validation.error("API server URL '" + trimmed
                    + "' needs a scheme and a host: use https://HOST[:PORT], as in the kubeconfig's clusters[].cluster.server.");
        }
        if (uri.getQuery() != null || uri.getFragment() != null) {
            return Validation.error("API server URL '" + trimmed + "' must not have a query or fragment: remove everything from '?' or '#'.");
        }
        if (scheme.equals("http")) {
            return Validation.warning("API server URL '" + trimmed
                    + "' uses plain http: tokens would travel unencrypted; use https unless this is a local test server.");
        }
        return Validation.ok();
    }

    /** A namespace name (RFC 1123 label). Optional: empty means the connection's default. */
    public static Validation namespace(String namespace) {
        if (namespace == null || namespace.isBlank()) {
            return Validation.ok();
        }
        return DnsNames.label("Namespace", namespace.trim(), "e.g. 'team-a'");
    }

    /** A PEM bundle of one or more CA certificates. Optional: empty means the JVM's trusted CAs. */
    public static Validation caCertificate(String pem, Instant now) {
        if (pem == null || pem.isBlank()) {
            return Validation.ok();
        }
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return Validation.error("CA certificate is not PEM: paste the block from -----BEGIN CERTIFICATE----- to "
                    + "-----END CERTIFICATE----- (base64-decode the kubeconfig's certificate-authority-data first).");
        }
        List<X509Certificate> certificates;
        try {
            certificates = parseCertificates(pem);
        } catch (CertificateException e) {
            return Validation.error("CA certificate could not be read (" + e.getMessage()
                    + "): paste the complete PEM block, including the BEGIN and END lines.");
        }
        if (certificates.isEmpty()) {
            return Validation.error("CA certificate contains no certificate: paste the complete PEM block.");
        }
        for (X509Certificate certificate : certificates) {
            if (certificate.getNotAfter().toInstant().isBefore(now)) {
                return Validation.warning("CA certificate '" + certificate.getSubjectX500Principal().getName()
                        + "' expired on " + certificate.getNotAfter().toInstant() + ": connections will fail until it is replaced.");
            }
        }
        return Validation.ok();
    }

    /**
     * The id of a Jenkins credential: a secret-text token (used with the API server URL) or a kubeconfig file. Required:
     * clusters are never reached anonymously or with an identity the configuration does not name.
     */
    public static Validation credentialsId(String credentialsId, String serverUrl) {
        if (credentialsId == null || credentialsId.isBlank()) {
            return Validation.error("Credentials are required: choose a secret-text token"
                    + (serverUrl == null || serverUrl.isBlank() ? " (with an API server URL)" : " for " + serverUrl.trim())
                    + " or a secret-file kubeconfig.");
        }
        return Validation.ok();
    }

    static List<X509Certificate> parseCertificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return factory.generateCertificates(new ByteArrayInputStream(pem.trim().getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
    }
}
