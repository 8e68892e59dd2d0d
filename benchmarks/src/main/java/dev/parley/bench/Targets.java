package dev.parley.bench;

import dev.parley.bench.socketio.SocketIoReference;
import dev.parley.bench.support.Pinning;
import dev.parley.bench.mumble.MumbleReference;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The servers the scenarios can measure; a new reference server is one more constant here, added to the reference
 * list of each scenario it fits (e.g. {@link TextScenario}'s).
 */
final class Targets {
    /** Priming the bare server's engine, as the relay's {@code Warmup} primes its own: at least these many chunks, */
    private static final int PRIMING_CHUNKS = 12_000;
    /** in rounds of this many, */
    private static final int PRIMING_ROUND = 500;
    /** until this many rounds in a row in which its compiler threads were all but idle, */
    private static final int PRIMING_QUIET_ROUNDS = 3;
    /** or this long has passed (a loaded machine). */
    private static final long PRIMING_BUDGET_NANOS = 60_000_000_000L;

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
     * Reference (1) of live voice: the bare Netty server with every connection on one event loop, where the relay puts a
     * few dozen ({@code PackingChooser}), so that one stream wakes one thread per chunk in both. Round robin over two
     * loops, the bare server woke two threads per chunk and cost as much as the whole relay for one listener.
     */
    static final Target BARE_NETTY_ONE_LOOP = new Target() {
        @Override
        public String title() {
            return "bare Netty broadcast server, one event loop";
        }

        @Override
        public ChildServer start(Servers servers) throws IOException {
            return servers.bareOneLoop();
        }

        /**
         * The relay's own live frames, forwarded as they are (a message ends with each listener's last chunk), after
         * the engine is primed as the relay primes its own at start ({@link #prime}).
         */
        @Override
        public LiveLoad live(ChildServer server, String room, int listeners, int chunkMs)
                throws IOException, InterruptedException {
            Live live = Live.forwarding(server, Pinning.context(server.fingerprint), room, listeners, chunkMs);
            try {
                prime(live, server);
            } catch (InterruptedException | RuntimeException e) {
                live.close();
                throw e;
            }
            return live;
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

    /**
     * Brings a forwarding server's engine to its compiled speed before it is measured, as the relay's {@code Warmup}
     * does its own: chunks one at a time until it has had {@link #PRIMING_CHUNKS} and then
     * {@link #PRIMING_QUIET_ROUNDS} rounds in a row with its compiler threads busy at most a fiftieth of the round.
     * Without it the bare server's first measured
     * messages were mostly its JIT compiler's work (2.4 % of a core for one listener, C2 among its busiest threads).
     */
    private static void prime(Live live, ChildServer server) throws InterruptedException {
        long start = System.nanoTime();
        int quiet = 0;
        for (int chunks = 0; chunks < PRIMING_CHUNKS || quiet < PRIMING_QUIET_ROUNDS; chunks += PRIMING_ROUND) {
            if (System.nanoTime() - start > PRIMING_BUDGET_NANOS) {
                System.out.println("-- " + server.name + ": its compilers were still busy after "
                        + PRIMING_BUDGET_NANOS / 1_000_000_000 + " s of priming; measuring anyway");
                return;
            }
            long compiling0 = compilerNanos(server);
            long round0 = System.nanoTime();
            live.primeRound(PRIMING_ROUND);
            long round = System.nanoTime() - round0;
            quiet = compilerNanos(server) - compiling0 <= round / 50 ? quiet + 1 : 0;
        }
    }

    /** The CPU time of a child JVM's compiler threads so far (its C1 and C2 threads), ns. */
    private static long compilerNanos(ChildServer server) {
        return server.threadCpu().entrySet().stream().filter(e -> e.getKey().contains("CompilerThre"))
                .mapToLong(Map.Entry::getValue).sum();
    }
}
