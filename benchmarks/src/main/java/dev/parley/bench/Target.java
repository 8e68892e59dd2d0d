package dev.parley.bench;

import dev.parley.bench.support.Pinning;

import java.io.IOException;
import java.util.Optional;

/**
 * A server a scenario loads and measures: the Parley relay, or a reference server that gets the same load after it,
 * for comparison ({@link Targets} has them all).
 */
interface Target {
    /** How phase titles name it, e.g. "bare Netty broadcast server". */
    String title();

    /**
     * Why this server cannot run on this machine, in one line that says how to install it, or empty if it can. A
     * scenario prints the line and goes on without it.
     */
    default Optional<String> unavailable() {
        return Optional.empty();
    }

    /** Starts a fresh one (or, for the relay, names the one given by --relay). */
    ChildServer start(Servers servers) throws IOException;

    /**
     * Connects the text and voice scenarios' members to it and has them join. By default these are Parley's own TLS
     * WebSocket clients ({@link Traffic}), for a server that takes Parley's {@code hello} and sends chat and voice
     * frames back to the room as the relay and the bare Netty server do; a server with another protocol brings its
     * own clients here.
     */
    default TrafficLoad traffic(ChildServer server, Traffic.Setup setup) throws IOException, InterruptedException {
        return Traffic.connect(server, Pinning.context(server.fingerprint), setup);
    }

    /**
     * Joins the live scenario's speaker and {@code listeners} listeners to {@code room}. By default Parley's own
     * protocol-2 clients ({@link Live}), which also check the clip the relay stores from each stream; a server with
     * another protocol brings its own clients here.
     */
    default LiveLoad live(ChildServer server, String room, int listeners, int chunkMs)
            throws IOException, InterruptedException {
        return Live.join(server, Pinning.context(server.fingerprint), room, listeners, chunkMs);
    }
}
