package dev.parley.bench;

import java.util.List;

/**
 * The text and voice scenarios' members, joined to one server and ready to send and measure windows. Public: a
 * reference server that speaks another protocol implements it with its own clients ({@link Target#traffic}).
 */
public interface TrafficLoad extends AutoCloseable {
    /** The TLS protocol and cipher suite the server chose, e.g. "TLSv1.3 TLS_AES_256_GCM_SHA384". */
    String tlsSession();

    /**
     * Sends for {@code warmup} seconds, then measures {@code runs} windows of {@code seconds} each, then stops and
     * waits for the messages in flight. {@code rate} > 0: that many messages per second over all senders; else each
     * sender keeps {@code window} messages unacknowledged.
     */
    List<Window> run(int window, double rate, int warmup, int seconds, int runs) throws InterruptedException;

    /**
     * Whether it can run at max rate ({@code rate} 0 in {@link #run}): each sender keeping a window of unacknowledged
     * messages, its echo being the ack. False: a fixed offered rate only, and the scenario skips its max-rate phase.
     */
    default boolean windowed() {
        return true;
    }

    @Override
    void close();
}
