package dev.parley.bench;

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
