package dev.parley.bench.socketio;

import dev.parley.bench.ReferenceUnavailable;
import dev.parley.bench.TrafficLoad;
import dev.parley.bench.Window;
import dev.parley.bench.support.Pinning;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real socket.io server (node child, benchmarks/socketio) with the benchmark's own client; skipped, saying why,
 * where node or its node_modules are missing. Pings every 300 ms with a 200 ms timeout, so a connection that outlives
 * a few pings shows they are answered.
 */
class SocketIoServerTest {
    private static final long PING_INTERVAL_MS = 300;
    private static final long PING_TIMEOUT_MS = 200;

    private static SocketIoReference io;
    private static String skipped;
    private final List<SocketIoClient> clients = new ArrayList<>();
    /** Every chat frame each client received, by nick, in arrival order. */
    private final Map<String, BlockingQueue<String>> received = new ConcurrentHashMap<>();

    @BeforeAll
    static void startServer() throws IOException {
        try {
            io = SocketIoReference.start(new SocketIoReference.Options(null, null, PING_INTERVAL_MS, PING_TIMEOUT_MS));
        } catch (ReferenceUnavailable e) {
            skipped = e.getMessage();
            System.out.println(SocketIoServerTest.class.getSimpleName() + ": " + skipped);
        }
    }

    @BeforeEach
    void needsTheServer() {
        Assumptions.assumeTrue(io != null, skipped);
    }

    @AfterAll
    static void stopServer() {
        if (io != null) {
            io.close();
        }
    }

    @AfterEach
    void closeClients() throws InterruptedException {
        for (SocketIoClient c : clients) {
            c.closeBlocking();
        }
    }

    private SocketIoClient join(String room, String nick, boolean answerPings) throws IOException, InterruptedException {
        BlockingQueue<String> inbox = new LinkedBlockingQueue<>();
        received.put(nick, inbox);
        SocketIoClient c = SocketIoClient.join(io.host(), io.port(), io.tls(), room, nick, clients.size(),
                (client, frame, nanos) -> inbox.add(Packets.decode(frame).eventArgument(0)), answerPings);
        clients.add(c);
        return c;
    }

    private static String chat(String from, int n) {
        return "{\"from\":\"" + from + "\",\"n\":" + n + "}";
    }

    /** The next {@code count} chats {@code nick} receives, failing if they take more than 20 s. */
    private Set<String> next(String nick, int count) throws InterruptedException {
        Set<String> got = new HashSet<>();
        for (int i = 0; i < count; i++) {
            String c = received.get(nick).poll(20, TimeUnit.SECONDS);
            assertNotNull(c, nick + " got only " + got);
            got.add(c);
        }
        return got;
    }

    @Test
    void everyMemberOfTheRoomGetsEveryChatTheSenderIncludedAndNoOtherRoomDoes() throws Exception {
        List<SocketIoClient> room = List.of(join("t", "a", true), join("t", "b", true), join("t", "c", true));
        SocketIoClient elsewhere = join("other", "d", true);
        Set<String> sent = new HashSet<>();
        for (SocketIoClient c : room) {
            for (int n = 1; n <= 2; n++) {
                String message = chat(c.nick, n);
                c.send(Packets.event("chat", message));
                sent.add(message);
            }
        }
        for (SocketIoClient c : room) {
            assertEquals(sent, next(c.nick, sent.size()), c.nick + "'s chats");
        }
        // the server wrote each chat to the whole room at once: anything for d would have been queued before its echo
        elsewhere.send(Packets.event("chat", chat("d", 1)));
        assertEquals(chat("d", 1), received.get("d").poll(20, TimeUnit.SECONDS));
        assertTrue(received.get("d").isEmpty(), "room 'other' got " + received.get("d"));
        for (SocketIoClient c : room) {
            assertTrue(received.get(c.nick).isEmpty(), c.nick + " got more: " + received.get(c.nick));
        }
    }

    @Test
    void answeredPingsKeepAConnectionPastPingIntervalPlusTimeoutAndUnansweredOnesEndIt() throws Exception {
        SocketIoClient answering = join("p", "answers", true);
        SocketIoClient silent = join("p", "silent", false);
        assertEquals(PING_INTERVAL_MS, answering.openPacket().pingInterval());
        assertEquals(PING_TIMEOUT_MS, answering.openPacket().pingTimeout());

        // the silent one is closed after pingInterval + pingTimeout (500 ms)
        assertTrue(silent.awaitClosed(20, TimeUnit.SECONDS), "the server kept a client that never answers its pings");
        // 4 pings take at least 1.2 s, more than twice pingInterval + pingTimeout
        assertTrue(answering.awaitPongs(4, 20, TimeUnit.SECONDS), "answered only " + answering.pongsSent() + " pings");
        assertTrue(answering.isOpen(), "closed: " + answering.closeReason());
        answering.send(Packets.event("chat", chat("answers", 1)));
        assertEquals(Set.of(chat("answers", 1)), next("answers", 1));
    }

    @Test
    void aClientPinnedToAnotherCertificateIsRefused() {
        var otherPin = Pinning.context("00:".repeat(31) + "00");
        assertThrows(IOException.class, () -> SocketIoClient.join(io.host(), io.port(), otherPin, "t", "x", 0,
                (client, frame, nanos) -> { }));
    }

    @Test
    void aShortFixedRateRunDeliversEveryCopyInOrderAndMeasuresTheServer() throws Exception {
        List<Window> windows;
        try (TrafficLoad load = io.connect(3, 1, 100)) {
            assertFalse(load.windowed(), "socket.io's load has no window of unacknowledged messages");
            assertTrue(load.tlsSession().startsWith("TLSv1."), load.tlsSession());
            windows = load.run(0, 100, 0, 1, 1);
        }
        assertEquals(1, windows.size());
        Window w = windows.get(0);
        assertTrue(w.sent() > 50, "sent " + w.sent());
        // every message goes to 3 receivers and back to its sender; the window's edges cut the copies in flight
        assertTrue(Math.abs(w.deliveries() - 4 * w.sent()) <= w.sent(), w.sent() + " sent, " + w.deliveries() + " delivered");
        assertEquals(0, w.orderErrors(), "copies lost or out of order");
        assertTrue(w.latencyMicros().getTotalCount() > 0);
        assertFalse(Double.isNaN(w.figures().get("server CPU us/delivery")));
        assertTrue(io.engine().startsWith("socket.io 4.8.4, node v"), io.engine());
    }

    @Test
    void aMaxRatePhaseIsRefused() throws Exception {
        try (TrafficLoad load = io.connect(1, 1, 100)) {
            assertThrows(IllegalArgumentException.class, () -> load.run(32, 0, 0, 1, 1));
        }
    }
}
