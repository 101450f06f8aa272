package dev.rsidiff.blob;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

class NoDelaySocketsTest {

    @Test
    void everySocketItOpensHasNaglesAlgorithmOff() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        NoDelaySockets sockets = new NoDelaySockets();
        try (ServerSocket server = new ServerSocket(0, 8, loopback);
             Socket unconnected = sockets.createSocket();
             Socket byName = sockets.createSocket(loopback.getHostAddress(), server.getLocalPort());
             Socket byAddress = sockets.createSocket(loopback, server.getLocalPort())) {
            unconnected.connect(new InetSocketAddress(loopback, server.getLocalPort()));
            assertThat(unconnected.getTcpNoDelay()).isTrue();
            assertThat(byName.getTcpNoDelay()).isTrue();
            assertThat(byAddress.getTcpNoDelay()).isTrue();
        }
    }
}
