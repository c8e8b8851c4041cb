package io.jenkins.plugins.kubeops.engine.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LoopbackPortsTest {

    @Test
    void handsOutDistinctBindablePortsBelowTheEphemeralRange() throws IOException {
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            int port = LoopbackPorts.next();
            assertThat(port).isBetween(LoopbackPorts.FIRST, LoopbackPorts.LAST);
            assertThat(ports.add(port)).as("port %d handed out twice", port).isTrue();
        }
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(socket.getLocalPort()).isEqualTo(port);
            }
        }
    }

    @Test
    void skipsAPortSomethingListensOn() throws IOException {
        Set<ServerSocket> taken = new HashSet<>();
        try {
            // Occupy a few ports the helper might draw; none of them may come back.
            for (int i = 0; i < 20; i++) {
                taken.add(new ServerSocket(LoopbackPorts.next(), 1, InetAddress.getLoopbackAddress()));
            }
            Set<Integer> occupied = new HashSet<>();
            taken.forEach(socket -> occupied.add(socket.getLocalPort()));
            for (int i = 0; i < 50; i++) {
                assertThat(occupied).doesNotContain(LoopbackPorts.next());
            }
        } finally {
            for (ServerSocket socket : taken) {
                socket.close();
            }
        }
    }
}
