package dev.parley.bench;

import dev.parley.bench.socketio.SocketIoReference;
import dev.parley.bench.support.Pinning;
import dev.parley.bench.mumble.MumbleReference;

import java.io.IOException;
import java.util.Optional;

/**
 * The servers the scenarios can measure; a new reference server is one more constant here, added to the reference
 * list of each scenario it fits (e.g. {@link TextScenario}'s).
 */
final class Targets {
    /** The Parley relay: a fresh child process, or the relay given by --relay. */
    static final Target PARLEY_RELAY = new Target() {
        @Override
        public String title() {
            return "Parley relay";
        }

        @Override
        public ChildServer start(Servers servers) throws IOException {
            return servers.relay();
        }
    };

    /** Reference (1): the relay's engine (Netty, epoll, BoringSSL) with nothing of Parley on top ({@code bare/}). */
    static final Target BARE_NETTY = new Target() {
        @Override
        public String title() {
            return "bare Netty broadcast server";
        }

        @Override
        public ChildServer start(Servers servers) throws IOException {
            return servers.bare();
        }
    };

    /**
     * Reference (3) of text: socket.io 4.8.4 in a node child ({@code socketio/}) with its own clients, at the fixed
     * offered rate only; skipped (one line) without node or {@code npm ci --prefix benchmarks/socketio}.
     */
    static final Target SOCKET_IO = new Target() {
        @Override
        public String title() {
            return "socket.io reference server";
        }

        @Override
        public ChildServer start(Servers servers) throws IOException {
            return servers.socketIo();
        }

        @Override
        public TrafficLoad traffic(ChildServer server, Traffic.Setup setup) throws IOException, InterruptedException {
            if (setup.kind() != Traffic.Kind.TEXT || setup.roomPerSender()) {
                throw new IllegalArgumentException("the socket.io reference takes text chat in one room only");
            }
            return SocketIoReference.connect(server.host, server.port, Pinning.context(server.fingerprint),
                    server.pid(), setup.receivers(), setup.senders(), setup.bytes());
        }
    };

    /**
     * The live scenario's reference: Mumble's server, murmur (Debian's {@code mumble-server}, {@code mumble/}), with
     * Mumble's own clients: one speaker sends an Opus-sized voice packet per chunk to L listeners through the TLS
     * control connection ({@link MumbleLive}).
     */
    static final Target MUMBLE = new Target() {
        @Override
        public String title() {
            return "Mumble server (murmur)";
        }

        @Override
        public Optional<String> unavailable() {
            return MumbleReference.unavailable(MumbleLive.OPTIONS);
        }

        @Override
        public ChildServer start(Servers servers) throws IOException {
            return servers.murmur(MumbleLive.OPTIONS);
        }

        @Override
        public LiveLoad live(ChildServer server, String room, int listeners, int chunkMs)
                throws IOException, InterruptedException {
            return MumbleLive.join(server, room, listeners, chunkMs);
        }
    };

    private Targets() {
    }
}
