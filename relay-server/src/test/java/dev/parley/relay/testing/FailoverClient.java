package dev.parley.relay.testing;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;

import javax.net.ssl.SSLContext;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * A member of one room that fails over between the relays of a cluster as docs/PROTOCOL.md ("More than one relay")
 * tells clients to: when its connection drops it connects to another relay at once, with the same room and nick,
 * {@code since} = the highest seq it holds, {@code resume} = the session of its latest welcome, and after the welcome
 * resends every message not yet acknowledged, with the same ids.
 *
 * <p>A sender sends chats with unique ids at a steady rate ({@link #startSending}); an id is acknowledged when a
 * stored copy of it from this nick arrives. Every stored message received is checked against what the client holds:
 * a seq at or below the highest held is a <em>duplicate</em>, one above the next is a <em>gap</em>, with one
 * exception the protocol makes: the relay's answer to a resend of an already stored id is "the stored message again,
 * to that sender alone, outside the seq order", so a repeat of one of its own resent ids is counted as a
 * {@linkplain #dedupeAnswers() dedupe answer} (at most once per resend), not as a duplicate.
 */
public final class FailoverClient implements AutoCloseable {
    /** Which relays to try next, in order, given the one whose connection just ended ({@code null} at first). */
    public interface Relays {
        List<URI> candidates(URI dropped);
    }

    /**
     * A welcome: when it arrived ({@link System#nanoTime()}) and from which relay, when the connection before it ended
     * (0 for the first) and when this connection's TLS and WebSocket handshakes were done.
     */
    public record Welcomed(long atNanos, URI relay, long previousClosedNanos, long openedNanos) {
    }

    private static final Duration CONNECT = Duration.ofSeconds(5);
    /** How long it waits after a 1011 (the relay could not store) before connecting again. */
    private static final Duration BACK_OFF = Duration.ofMillis(250);
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final String nick;
    private final String room;
    private final SSLContext tls;
    private final Relays relays;
    private final Object lock = new Object();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread driver;
    private volatile Thread sender;
    private volatile boolean sending;

    // guarded by lock
    private long highest;
    private String session;
    private final LinkedHashMap<String, String> outbox = new LinkedHashMap<>();
    private final Map<String, Long> acknowledged = new LinkedHashMap<>();
    private final Map<String, Integer> sends = new HashMap<>();
    private final Map<String, Integer> answers = new HashMap<>();
    private final Map<Long, String> held = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<Integer, Integer> closes = new TreeMap<>();
    private final List<Welcomed> welcomes = new ArrayList<>();
    private int duplicates;
    private int gaps;
    private int dedupeAnswers;
    private long generated;
    private long lastClosedNanos;
    private List<String> members = List.of();
    private Connection current;

    private FailoverClient(String nick, String room, SSLContext tls, Relays relays) {
        this.nick = nick;
        this.room = room;
        this.tls = tls;
        this.relays = relays;
        this.driver = new Thread(this::drive, "failover-" + nick);
        this.driver.setDaemon(true);
    }

    /** A client that connects (to the first candidate that answers) and keeps connected until {@link #close}. */
    public static FailoverClient start(String nick, String room, SSLContext tls, Relays relays) {
        FailoverClient c = new FailoverClient(nick, room, tls, relays);
        c.driver.start();
        return c;
    }

    public String nick() {
        return nick;
    }

    /** Starts sending a chat every {@code period}, each with a new id ({@code nick-N}). */
    public void startSending(Duration period) {
        sending = true;
        Thread t = new Thread(() -> {
            long next = System.nanoTime();
            while (sending) {
                sendNew();
                next += period.toNanos();
                LockSupport.parkNanos(next - System.nanoTime()); // the sending rate, not a wait for an event
            }
        }, "sender-" + nick);
        t.setDaemon(true);
        sender = t;
        t.start();
    }

    /** Stops making new messages (those in the outbox are still resent until acknowledged). */
    public void stopSending() throws InterruptedException {
        sending = false;
        Thread t = sender;
        if (t != null) {
            t.join(10_000);
        }
    }

    private void sendNew() {
        synchronized (lock) {
            String id = nick + "-" + (++generated);
            String text = "message " + generated + " from " + nick;
            outbox.put(id, text);
            if (current != null && current.welcomed && current.isOpen()) {
                send(current, id, text);
            }
        }
    }

    private void send(Connection c, String id, String text) {
        sends.merge(id, 1, Integer::sum);
        c.send(ClientCodec.encode(new ClientMessage.Chat(id, text)));
    }

    // ------------------------------------------------------------------ the connection loop

    private void drive() {
        URI dropped = null;
        while (stopped.getCount() > 0) {
            Connection c = null;
            for (URI relay : relays.candidates(dropped)) {
                c = open(relay);
                if (c != null || stopped.getCount() == 0) {
                    break;
                }
            }
            if (c == null) {
                dropped = null;
                try {
                    stopped.await(RETRY_NANOS, TimeUnit.NANOSECONDS); // every relay refused: retry shortly
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            ClientMessage.Hello hello;
            synchronized (lock) {
                current = c;
                hello = new ClientMessage.Hello(1, nick, room, highest, null, "failover-test", null, session);
            }
            c.send(ClientCodec.encode(hello));
            int code = awaitClose(c);
            synchronized (lock) {
                if (current == c) {
                    current = null;
                }
                closes.merge(code, 1, Integer::sum);
                if (code == CloseCodes.NICK_TAKEN) {
                    problems.add("refused with 4409 at " + c.getURI() + ": " + c.reason);
                } else if (code == CloseCodes.REPLACED) {
                    problems.add("replaced (4410) at " + c.getURI() + ": " + c.reason);
                }
                lock.notifyAll();
            }
            dropped = c.getURI();
            if (code == CloseCodes.SERVER_ERROR) {
                try {
                    stopped.await(BACK_OFF.toMillis(), TimeUnit.MILLISECONDS); // "reconnect with back-off"
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private Connection open(URI relay) {
        Connection c = new Connection(relay);
        try {
            if (c.connectBlocking(CONNECT.toMillis(), TimeUnit.MILLISECONDS)) {
                return c;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        c.close();
        return null;
    }

    private int awaitClose(Connection c) {
        while (true) {
            try {
                return c.closed.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (stopped.getCount() == 0) {
                    c.close();
                }
            } catch (InterruptedException e) {
                c.closeConnection(CloseCodes.ABNORMAL, "interrupted");
                Thread.currentThread().interrupt();
                return CloseCodes.ABNORMAL;
            } catch (ExecutionException e) {
                return CloseCodes.ABNORMAL;
            }
        }
    }

    // ------------------------------------------------------------------ what the relay sends

    private void received(Connection c, ServerMessage m) {
        synchronized (lock) {
            if (m instanceof ServerMessage.Welcome w) {
                if (w.lastSeq() < highest) {
                    problems.add("welcome from " + c.getURI() + " with lastSeq " + w.lastSeq() + " below " + highest);
                }
                session = w.session();
                members = w.members();
                welcomes.add(new Welcomed(System.nanoTime(), c.getURI(), lastClosedNanos, c.openedNanos));
                c.welcomed = true;
                for (Map.Entry<String, String> e : outbox.entrySet()) {
                    send(c, e.getKey(), e.getValue());
                }
            } else if (m instanceof ServerMessage.Chat chat) {
                stored(chat);
            } else if (m instanceof ServerMessage.Presence p) {
                members = p.members();
            } else if (m instanceof ServerMessage.Error e) {
                problems.add("error " + e.code() + " " + e.message() + " (ref " + e.ref() + ")");
            }
            lock.notifyAll();
        }
    }

    private void stored(ServerMessage.Chat chat) {
        boolean mine = chat.from().equalsIgnoreCase(nick);
        if (mine) {
            Long before = acknowledged.putIfAbsent(chat.id(), chat.seq());
            if (before != null && before != chat.seq()) {
                problems.add("id " + chat.id() + " acknowledged at seq " + before + " and at seq " + chat.seq());
            }
            outbox.remove(chat.id());
        }
        if (chat.seq() == highest + 1) {
            highest = chat.seq();
            held.put(chat.seq(), chat.id());
            return;
        }
        int resends = sends.getOrDefault(chat.id(), 0) - 1;
        if (mine && answers.getOrDefault(chat.id(), 0) < resends) {
            answers.merge(chat.id(), 1, Integer::sum);
            dedupeAnswers++;
            return;
        }
        if (chat.seq() <= highest) {
            duplicates++;
            problems.add("duplicate: seq " + chat.seq() + " (" + chat.id() + ") while holding up to " + highest);
        } else {
            gaps++;
            problems.add("gap: seq " + chat.seq() + " (" + chat.id() + ") after " + highest);
            highest = chat.seq();
            held.put(chat.seq(), chat.id());
        }
    }

    // ------------------------------------------------------------------ what a test reads

    /** The highest seq held: every seq from 1 to it was received once, in order, unless {@link #gaps()} says not. */
    public long highest() {
        synchronized (lock) {
            return highest;
        }
    }

    /** Seq → id of every stored message received (once each). */
    public Map<Long, String> held() {
        synchronized (lock) {
            return new TreeMap<>(held);
        }
    }

    /** Id → seq of this client's own messages acknowledged so far. */
    public Map<String, Long> acknowledged() {
        synchronized (lock) {
            return new LinkedHashMap<>(acknowledged);
        }
    }

    public int acknowledgedCount() {
        synchronized (lock) {
            return acknowledged.size();
        }
    }

    /** How many messages it made (acknowledged or not). */
    public long generated() {
        synchronized (lock) {
            return generated;
        }
    }

    public int unacknowledged() {
        synchronized (lock) {
            return outbox.size();
        }
    }

    public int duplicates() {
        synchronized (lock) {
            return duplicates;
        }
    }

    public int gaps() {
        synchronized (lock) {
            return gaps;
        }
    }

    public int dedupeAnswers() {
        synchronized (lock) {
            return dedupeAnswers;
        }
    }

    /** Messages sent more than once (resends after a reconnect). */
    public int resends() {
        synchronized (lock) {
            return sends.values().stream().mapToInt(n -> n - 1).sum();
        }
    }

    /** Close code → how many connections ended with it. */
    public Map<Integer, Integer> closes() {
        synchronized (lock) {
            return new TreeMap<>(closes);
        }
    }

    /** Everything that went against the protocol's promises (4409, 4410, duplicates, gaps, errors). */
    public List<String> problems() {
        synchronized (lock) {
            return new ArrayList<>(problems);
        }
    }

    /** The room's members as the latest welcome or presence listed them. */
    public List<String> members() {
        synchronized (lock) {
            return members;
        }
    }

    public List<Welcomed> welcomes() {
        synchronized (lock) {
            return new ArrayList<>(welcomes);
        }
    }

    /** The relay of the current connection, welcomed or not; empty between connections. */
    public Optional<URI> relay() {
        synchronized (lock) {
            return current == null ? Optional.empty() : Optional.of(current.getURI());
        }
    }

    /** Whether the current connection has its welcome. */
    public boolean joined() {
        synchronized (lock) {
            return current != null && current.welcomed && current.isOpen();
        }
    }

    /** The first welcome after {@code sinceNanos} from a relay other than {@code not}. */
    public Optional<Welcomed> welcomedAfter(long sinceNanos, URI not) {
        synchronized (lock) {
            return welcomes.stream().filter(w -> w.atNanos() > sinceNanos && !w.relay().equals(not)).findFirst();
        }
    }

    /** Waits until {@code condition} (read under this client's lock) holds, or fails after {@code timeout}. */
    public void await(String what, Duration timeout, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(nick + ": not " + what + " within " + timeout + " (highest " + highest
                            + ", unacknowledged " + outbox.size() + ", relay " + (current == null ? "none"
                            : current.getURI()) + ", problems " + problems + ")");
                }
                try {
                    lock.wait(Math.max(1, Math.min(200, left / 1_000_000)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    @Override
    public void close() {
        sending = false;
        stopped.countDown();
        Connection c;
        synchronized (lock) {
            c = current;
        }
        if (c != null) {
            c.close();
        }
        try {
            driver.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FailoverClient(" + nick + ")";
    }

    private final class Connection extends WebSocketClient {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile long openedNanos;
        volatile boolean welcomed;
        volatile String reason;

        Connection(URI relay) {
            super(relay);
            setSocketFactory(tls.getSocketFactory());
            setConnectionLostTimeout(0);
            setTcpNoDelay(true);
        }

        @Override
        public void onOpen(ServerHandshake handshake) {
            openedNanos = System.nanoTime(); // hello is sent by the connection loop
        }

        @Override
        public void onMessage(String message) {
            try {
                received(this, ServerCodec.decode(message));
            } catch (ProtocolException e) {
                synchronized (lock) {
                    problems.add("undecodable frame: " + message + ": " + e.getMessage());
                }
            }
        }

        @Override
        public void onMessage(ByteBuffer bytes) {
            synchronized (lock) {
                problems.add("unexpected binary frame of " + bytes.remaining() + " bytes");
            }
        }

        @Override
        public void onClose(int code, String reason, boolean remote) {
            synchronized (lock) {
                lastClosedNanos = System.nanoTime();
            }
            this.reason = reason;
            closed.complete(code);
        }

        @Override
        public void onError(Exception ex) {
            // the close that follows is what the loop acts on
        }
    }
}
