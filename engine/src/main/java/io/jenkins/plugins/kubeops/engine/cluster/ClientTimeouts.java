package io.jenkins.plugins.kubeops.engine.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * Explicit limits for talking to an API server, so an unreachable cluster fails with a message instead of hanging a build.
 *
 * @param connect  TCP and TLS connection set-up
 * @param request  one request/response exchange (not watches, which are bounded by their callers' deadlines)
 * @param retries  retries of a failed request with back-off; 0 means fail on the first error
 */
public record ClientTimeouts(Duration connect, Duration request, int retries) {

    public static final ClientTimeouts DEFAULT = new ClientTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(30), 2);

    public ClientTimeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(request, "request");
        if (connect.isNegative() || connect.isZero() || request.isNegative() || request.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: connect=" + connect + ", request=" + request);
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative: " + retries);
        }
    }
}
