package io.vipwarden.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ports on 127.0.0.1 that nothing listens on, for listeners whose port must be known before they
 * bind: Hazelcast members that list each other, a broker's listeners, a child process's config.
 *
 * <p>Ask once for every port a stack needs: the probe sockets of one call stay open until the last
 * port is chosen, so the kernel cannot hand the same port out twice within the call (asking port by
 * port, closing each probe before the next, is how two listeners once got the same port). A port is
 * also not handed out again by a later call in this JVM while it is among the last
 * {@value #REMEMBERED} handed out, so two stacks started one after the other cannot share a port
 * that the first has not bound yet.
 */
public final class FreePorts {
    private static final Logger log = LoggerFactory.getLogger(FreePorts.class);
    static final int REMEMBERED = 1024;
    /** How many remembered ports one call may skip before it gives up: far more than chance allows. */
    private static final int MAX_SKIPPED = 256;
    private static final Set<Integer> handedOut = new LinkedHashSet<>();

    private FreePorts() {
    }

    /** {@code count} distinct free ports on the loopback address. */
    public static synchronized List<Integer> onLoopback(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("count of ports must be at least 1, got " + count);
        }
        List<ServerSocket> held = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>(count);
        try {
            int skipped = 0;
            while (chosen.size() < count) {
                ServerSocket probe = new ServerSocket();
                held.add(probe);
                probe.setReuseAddress(true);
                probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
                int port = probe.getLocalPort();
                if (!handedOut.contains(port)) {
                    chosen.add(port);
                } else if (++skipped > MAX_SKIPPED) {
                    throw new IllegalStateException("the kernel offered " + skipped + " ports already handed out in"
                            + " this JVM while choosing " + count + "; is the local port range tiny?");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + InetAddress.getLoopbackAddress().getHostAddress(), e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException e) {
                    log.debug("closing a probe socket: {}", e.toString());
                }
            }
        }
        for (int port : chosen) {
            handedOut.add(port);
            if (handedOut.size() > REMEMBERED) {
                handedOut.remove(handedOut.iterator().next());
            }
        }
        return List.copyOf(chosen);
    }

    /** One free port on the loopback address; a caller that needs several asks {@link #onLoopback(int)} once. */
    public static int oneOnLoopback() {
        return onLoopback(1).get(0);
    }
}
