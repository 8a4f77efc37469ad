package io.vipwarden.agent.health;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Healthy when a TCP connection to host:port opens within the timeout. */
final class TcpProbe implements Probe {
    private final String host;
    private final int port;
    private final int timeoutMs;

    TcpProbe(String host, int port, long timeoutMs) {
        this.host = host;
        this.port = port;
        this.timeoutMs = (int) timeoutMs;
    }

    @Override
    public Outcome run() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), timeoutMs);
            return new Outcome(true, "connected to " + host + ":" + port);
        } catch (IOException e) {
            return new Outcome(false, "cannot connect to " + host + ":" + port + ": " + e.getMessage());
        }
    }
}
