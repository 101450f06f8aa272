package dev.rsidiff.blob;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * Plain sockets with Nagle's algorithm off ({@code TCP_NODELAY}), for the object store's HTTP client.
 *
 * <p>Why: OkHttp leaves Nagle on, and a PUT goes out as two writes, headers then body. The body waits until the
 * server acknowledges the headers, which a Linux peer delays by up to 40 ms. Measured against the local stack's
 * S3Proxy on 2 cores, one thread: a 13 KB PUT took 50-59 ms with Nagle and 8-10 ms without. OkHttp has no setting
 * for it, so the sockets it opens come from this factory.
 */
final class NoDelaySockets extends SocketFactory {

    private final SocketFactory plain = SocketFactory.getDefault();

    @Override
    public Socket createSocket() throws IOException {
        return noDelay(plain.createSocket());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return noDelay(plain.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return noDelay(plain.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return noDelay(plain.createSocket(address, port, localAddress, localPort));
    }

    private static Socket noDelay(Socket socket) throws SocketException {
        socket.setTcpNoDelay(true);
        return socket;
    }
}
