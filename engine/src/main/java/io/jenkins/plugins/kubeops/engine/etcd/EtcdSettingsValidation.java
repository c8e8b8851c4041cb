package io.jenkins.plugins.kubeops.engine.etcd;

import io.jenkins.plugins.kubeops.engine.common.Validation;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks for the fields of an etcd backup job (CLI options, step arguments, the plugin's forms). Pure; every message names
 * the bad value and the fix.
 */
public final class EtcdSettingsValidation {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    private EtcdSettingsValidation() {
    }

    /** The cluster's name in object names, locks and messages. */
    public static Validation clusterName(String name) {
        if (name == null || name.isBlank()) {
            return Validation.error("Cluster name is required: backups are stored under it, e.g. 'prod-eu'.");
        }
        String trimmed = name.trim();
        if (trimmed.length() > 63 || !NAME.matcher(trimmed).matches()) {
            return Validation.error("Cluster name '" + trimmed + "' is invalid: use at most 63 lower-case letters, digits and "
                    + "'-', starting and ending with a letter or digit (e.g. 'prod-eu').");
        }
        return Validation.ok();
    }

    /** Comma- or space-separated client URLs, e.g. {@code https://10.0.0.1:2379,https://10.0.0.2:2379}. */
    public static Validation endpoints(String endpoints) {
        List<String> parsed = split(endpoints);
        if (parsed.isEmpty()) {
            return Validation.error("At least one etcd endpoint is required, e.g. https://10.0.0.1:2379 (the members' client "
                    + "URLs, as in etcd's --advertise-client-urls).");
        }
        boolean plain = false;
        for (String endpoint : parsed) {
            URI uri;
            try {
                uri = new URI(endpoint);
            } catch (URISyntaxException e) {
                return Validation.error("etcd endpoint '" + endpoint + "' is not a URL (" + e.getReason()
                        + "): use https://HOST:2379.");
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || uri.getPort() <= 0) {
                return Validation.error("etcd endpoint '" + endpoint + "' needs a scheme, host and port: use https://HOST:2379.");
            }
            if (uri.getPath() != null && !uri.getPath().isEmpty() && !uri.getPath().equals("/")) {
                return Validation.error("etcd endpoint '" + endpoint + "' must not have a path: use https://HOST:2379.");
            }
            plain |= scheme.equals("http");
        }
        return plain ? Validation.warning("Some etcd endpoints use plain http: the snapshot (all of the cluster's secrets) "
                + "travels unencrypted; use https unless this is a local test member.") : Validation.ok();
    }

    public static List<URI> parseEndpoints(String endpoints) {
        endpoints(endpoints).throwIfError();
        return split(endpoints).stream().map(URI::create).toList();
    }

    public static Validation bucket(String bucket) {
        if (bucket == null || bucket.isBlank()) {
            return Validation.error("S3 bucket is required, e.g. 'etcd-backups'.");
        }
        if (!BUCKET.matcher(bucket.trim()).matches()) {
            return Validation.error("S3 bucket '" + bucket.trim() + "' is not a valid bucket name: use 3 to 63 lower-case "
                    + "letters, digits, '.' and '-', starting and ending with a letter or digit.");
        }
        return Validation.ok();
    }

    public static Validation s3Endpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            return Validation.ok();
        }
        try {
            URI uri = new URI(endpoint.trim());
            if (uri.getHost() == null || uri.getScheme() == null
                    || !(uri.getScheme().equalsIgnoreCase("https") || uri.getScheme().equalsIgnoreCase("http"))) {
                return Validation.error("S3 endpoint '" + endpoint.trim() + "' needs a scheme and host, e.g. "
                        + "https://minio.example.com:9000.");
            }
        } catch (URISyntaxException e) {
            return Validation.error("S3 endpoint '" + endpoint.trim() + "' is not a URL (" + e.getReason() + ").");
        }
        return Validation.ok();
    }

    public static Validation prefix(String prefix) {
        if (prefix == null || prefix.isBlank()) {
            return Validation.ok();
        }
        if (prefix.contains("..") || prefix.contains("//") || prefix.contains("\\")) {
            return Validation.error("Prefix '" + prefix + "' must be a plain path like 'etcd/prod' (no '..', '//' or '\\').");
        }
        return Validation.ok();
    }

    /** Names pipelines use to pick a configured item ({@code what}: "Cluster", "Store") must be unique. */
    public static Validation uniqueNames(String what, java.util.Collection<String> names) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        java.util.Set<String> duplicates = new java.util.TreeSet<>();
        for (String name : names) {
            if (name != null && !seen.add(name.trim())) {
                duplicates.add(name.trim());
            }
        }
        return duplicates.isEmpty() ? Validation.ok() : Validation.error(what + " names must be unique, but " + duplicates
                + " appear more than once: rename or remove the duplicates.");
    }

    /** A store's name, as pipelines refer to it ({@code store: 'nightly-s3'}). */
    public static Validation storeName(String name) {
        if (name == null || name.isBlank()) {
            return Validation.error("Store name is required: pipelines select a store by it, e.g. 'nightly-s3'.");
        }
        return NAME.matcher(name.trim()).matches() && name.trim().length() <= 63 ? Validation.ok() : Validation.error(
                "Store name '" + name.trim() + "' is invalid: use lower-case letters, digits and '-' (e.g. 'nightly-s3').");
    }

    /** A PEM certificate field: optional, but when given it must parse. */
    public static Validation certificate(String what, String pem) {
        if (pem == null || pem.isBlank()) {
            return Validation.ok();
        }
        try {
            PemMaterial.certificates(pem, what);
            return Validation.ok();
        } catch (io.jenkins.plugins.kubeops.engine.common.KubeOpsException e) {
            return Validation.error(e.getMessage());
        }
    }

    /** A timeout in seconds: positive. */
    public static Validation seconds(String what, long seconds) {
        return seconds > 0 ? Validation.ok() : Validation.error(what + " " + seconds + " must be a positive number of seconds.");
    }

    /**
     * When an imported snapshot was taken: optional (blank: the file's modification time), else an ISO-8601 UTC time.
     *
     * @param what the argument as the caller names it ({@code --created-at}, {@code createdAt})
     */
    public static Validation createdAt(String what, String text) {
        if (text == null || text.isBlank()) {
            return Validation.ok();
        }
        try {
            java.time.Instant.parse(text.trim());
            return Validation.ok();
        } catch (java.time.format.DateTimeParseException e) {
            return Validation.error(what + " '" + text.trim() + "' is not a UTC time: write it as 2026-12-01T03:00:00Z.");
        }
    }

    /**
     * The directory node-exporter's textfile collector reads ({@code --collector.textfile.directory}): optional, else an
     * absolute directory path (the metrics file in it is named by Kube Ops, {@code *.prom}). Whether it exists is found
     * where it is written.
     */
    public static Validation textfileDirectory(String what, String directory) {
        if (directory == null || directory.isBlank()) {
            return Validation.ok();
        }
        String trimmed = directory.trim();
        if (trimmed.endsWith(".prom")) {
            return Validation.error(what + " '" + trimmed + "' names a file: give the directory node-exporter reads "
                    + "(its --collector.textfile.directory, e.g. /var/lib/node_exporter/textfile); the file in it is "
                    + "kube_ops_etcd_CLUSTER.prom.");
        }
        if (!trimmed.startsWith("/") && !trimmed.matches("^[A-Za-z]:[\\\\/].*")) {
            return Validation.error(what + " '" + trimmed + "' is not an absolute path: give node-exporter's "
                    + "--collector.textfile.directory, e.g. /var/lib/node_exporter/textfile.");
        }
        return Validation.ok();
    }

    private static List<String> split(String endpoints) {
        List<String> parts = new ArrayList<>();
        if (endpoints == null) {
            return parts;
        }
        for (String part : endpoints.split("[,\\s]+")) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }
}
