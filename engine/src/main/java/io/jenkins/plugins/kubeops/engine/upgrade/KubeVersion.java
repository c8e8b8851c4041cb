package io.jenkins.plugins.kubeops.engine.upgrade;

import io.jenkins.plugins.kubeops.engine.common.KubeOpsException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version (major.minor.patch); build metadata and pre-release suffixes are ignored. */
public record KubeVersion(int major, int minor, int patch) implements Comparable<KubeVersion> {

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?([-+].*)?");

    public KubeVersion {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version parts must not be negative: " + major + "." + minor + "." + patch);
        }
    }

    /** Parses "v1.35.4", "1.35.4", "v1.35" (patch 0) or "v1.35.4-kwok+abc" (suffix ignored). */
    public static KubeVersion parse(String text) {
        Matcher m = text == null ? null : VERSION.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new KubeOpsException("'" + text + "' is not a Kubernetes version: write it like v1.36.4.");
        }
        return new KubeVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)));
    }

    /** The version in {@code text}, or empty when it is not one (e.g. kwok's "kwok-v0.8.0", or an empty field). */
    public static Optional<KubeVersion> tryParse(String text) {
        Matcher m = text == null ? null : VERSION.matcher(text.trim());
        return m != null && m.matches() ? Optional.of(parse(text)) : Optional.empty();
    }

    /** The version in an image's tag ({@code registry.k8s.io/kube-apiserver:v1.35.4}); empty without a version tag. */
    public static Optional<KubeVersion> ofImageTag(String image) {
        if (image == null) {
            return Optional.empty();
        }
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        if (colon < 0 || withoutDigest.indexOf('/', colon) >= 0) {
            return Optional.empty(); // no tag, or the colon belongs to a registry port
        }
        return tryParse(withoutDigest.substring(colon + 1));
    }

    /** How many minor versions this one is behind {@code other} (negative when it is ahead); majors must match. */
    public int minorsBehind(KubeVersion other) {
        if (major != other.major) {
            throw new KubeOpsException("cannot compare " + this + " with " + other + ": different major versions.");
        }
        return other.minor - minor;
    }

    public boolean sameMinor(KubeVersion other) {
        return major == other.major && minor == other.minor;
    }

    @Override
    public int compareTo(KubeVersion other) {
        int byMajor = Integer.compare(major, other.major);
        if (byMajor != 0) {
            return byMajor;
        }
        int byMinor = Integer.compare(minor, other.minor);
        return byMinor != 0 ? byMinor : Integer.compare(patch, other.patch);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch;
    }
}
