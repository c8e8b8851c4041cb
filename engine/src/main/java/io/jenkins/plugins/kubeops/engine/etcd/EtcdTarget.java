package io.jenkins.plugins.kubeops.engine.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One etcd cluster as a backup job reaches it.
 *
 * @param cluster        a name for the cluster (used in object names, locks and messages), e.g. {@code prod-eu}
 * @param endpoints      client URLs of its members ({@code https://10.0.0.1:2379}); one is chosen per snapshot
 * @param tls            present for {@code https} endpoints
 * @param connectTimeout TCP + TLS set-up to one member
 * @param timeout        the whole operation (a snapshot of a large database takes a while; no silent hang beyond it)
 * @param preferFollower snapshot from a follower when one is healthy, to keep the load off the leader
 */
public record EtcdTarget(String cluster, List<URI> endpoints, Optional<EtcdTls> tls, Duration connectTimeout,
                         Duration timeout, boolean preferFollower) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public EtcdTarget {
        Objects.requireNonNull(cluster, "cluster");
        endpoints = List.copyOf(endpoints);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(timeout, "timeout");
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("at least one endpoint is required");
        }
    }

    public EtcdTarget withTimeout(Duration newTimeout) {
        return new EtcdTarget(cluster, endpoints, tls, connectTimeout, newTimeout, preferFollower);
    }

    public String describe() {
        return "etcd cluster '" + cluster + "' (" + endpoints.stream().map(URI::toString).collect(Collectors.joining(", ")) + ")";
    }
}
