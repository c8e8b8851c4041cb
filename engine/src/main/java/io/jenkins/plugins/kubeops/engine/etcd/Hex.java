package io.jenkins.plugins.kubeops.engine.etcd;

import java.util.HexFormat;

/** Lower-case hex for digests and ids. */
final class Hex {
    private Hex() {
    }

    static String of(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
