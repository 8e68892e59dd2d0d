package dev.parley.bench;

import java.io.IOException;

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

    private Targets() {
    }
}
