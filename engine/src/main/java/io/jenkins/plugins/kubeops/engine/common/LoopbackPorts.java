package io.jenkins.plugins.kubeops.engine.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Free TCP ports on 127.0.0.1 for servers this process starts (the drill's throw-away etcd, test servers). A port is
 * chosen before the server binds it, so something else may take it in between. Ports handed out by a port-0 bind come from
 * the kernel's ephemeral range, the same range every outgoing connection's source port comes from, and a busy machine
 * (an API server, etcd peers, watches) reuses them within milliseconds. So ports are drawn below that range (Linux'
 * default is 32768-60999), never twice by one process, and checked bindable.
 */
public final class LoopbackPorts {

    static final int FIRST = 20_000;
    static final int LAST = 32_767;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private LoopbackPorts() {
    }

    /** A port nothing listens on now, not handed out before by this process. */
    public static int next() {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (!HANDED_OUT.contains(port) && bindable(port) && HANDED_OUT.add(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort(); // the low range is crowded: let the kernel choose
        } catch (IOException e) {
            throw new UncheckedIOException("no free TCP port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
