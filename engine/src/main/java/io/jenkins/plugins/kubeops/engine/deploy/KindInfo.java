package io.jenkins.plugins.kubeops.engine.deploy;

/** What the API server says about a kind: its resource name and whether objects live in a namespace. */
public record KindInfo(String apiVersion, String kind, String plural, boolean namespaced) {
}
