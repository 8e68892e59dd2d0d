package dev.parley.client.net;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * One person's connection to one room of a relay, kept alive across drops.
 *
 * <p>States: {@code DISCONNECTED → CONNECTING → JOINED → RECONNECTING → JOINED ...}. Before the first
 * {@code welcome} a failure ends the attempt ({@code DISCONNECTED} with a reason) so the connect screen can say
 * what went wrong; after it, drops are retried with {@link Backoff} until {@link #close()} or a fatal close code
 * ({@link CloseCodes#isFatalForClient}). A certificate that is not the pinned one is never retried: it is reported
 * through {@link RelayEvents#untrusted}.
 *
 * <p>Resume: the highest {@code seq} seen is sent as {@code since}; after every {@code welcome} the outbox of
 * unacknowledged chat and voice messages is sent again with the same ids (the relay deduplicates by id).
 *
 * <p>Protocol: asks for version 2 (live voice); a {@code welcome} of 1 or 2 is accepted, and a relay that closes
 * with 4426 (one that speaks only version 1) is asked again at once for version 1. Live streams are offered
 * ({@link LiveVoiceSender}) only on a version-2 session; other members' streams are reported to
 * {@link LiveVoiceEvents}.
 */
public final class RelayConnection implements RelaySender, LiveVoiceSender, AutoCloseable, RelaySocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(RelayConnection.class);
    private static final long RATE_LIMIT_RETRY_MILLIS = 2000;
    /** The relay pings every 40 s and closes a silent peer after 60 s; a little more than that. */
    private static final long OLD_CONNECTION_GRACE_MILLIS = 90_000;
    private static final String CLIENT = "parley-desktop/0.1";

    private final JoinRequest request;
    private final RelayEvents events;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Clock clock;
    private final Outbox outbox = new Outbox();
    private final LiveVoiceEvents live;
    private final LiveUplink uplink = new LiveUplink();

    private RelaySocket socket;
    private int generation;
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private boolean joinedOnce;
    /** When a reconnect was first refused with 4409 (our previous connection still open on the relay), or -1. */
    private long nickTakenSince = -1;
    private boolean closedByUser;
    private long highestSeq;
    private ScheduledFuture<?> retry;
    /** The version the next {@code hello} asks for: 2, or 1 once this relay refused 2. */
    private int askedVersion = Protocol.VERSION_2;
    /** The version of the current session, or 0 when not joined. */
    private int sessionVersion;

    /** A connection that ignores other members' live streams. */
    public RelayConnection(JoinRequest request, RelayEvents events, ScheduledExecutorService scheduler, Backoff backoff,
                           Clock clock) {
        this(request, events, LiveVoiceEvents.NONE, scheduler, backoff, clock);
    }

    public RelayConnection(JoinRequest request, RelayEvents events, LiveVoiceEvents live,
                           ScheduledExecutorService scheduler, Backoff backoff, Clock clock) {
        this.request = request;
        this.events = events;
        this.live = live;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
    }

    public JoinRequest request() {
        return request;
    }

    public synchronized ConnectionState state() {
        return state;
    }

    /** The highest {@code seq} received so far (0 before any). */
    public synchronized long highestSeq() {
        return highestSeq;
    }

    /** Whether the current session speaks protocol 2, so that {@link #startStream} can succeed. */
    public synchronized boolean liveVoiceAvailable() {
        return state == ConnectionState.JOINED && Protocol.hasLiveVoice(sessionVersion);
    }

    /** Messages sent and not yet acknowledged. */
    public int outboxSize() {
        return outbox.size();
    }

    /** Starts connecting. */
    public synchronized void connect() {
        if (state != ConnectionState.DISCONNECTED || closedByUser) {
            return;
        }
        transition(ConnectionState.CONNECTING, 0, null);
        open();
    }

    /** Sends a chat message now if joined, and again after every reconnect until the relay acknowledges it. */
    @Override
    public void sendChat(String id, String text) {
        queue(new Outgoing.Text(id, text));
    }

    /** Sends a voice clip now if joined, and again after every reconnect until the relay acknowledges it. */
    @Override
    public void sendVoice(String id, byte[] wav) {
        queue(new Outgoing.Voice(id, wav));
    }

    /** Sends a typing state if joined (typing states are not worth keeping across a drop). */
    @Override
    public synchronized void sendTyping(TypingState typing) {
        if (state == ConnectionState.JOINED) {
            socket.send(ClientCodec.encode(new ClientMessage.Typing(typing)));
        }
    }

    /** Asks for older messages if joined. */
    @Override
    public synchronized void requestHistory(long before, int limit) {
        if (state == ConnectionState.JOINED && before > 1) {
            socket.send(ClientCodec.encode(new ClientMessage.History(before, Math.min(limit, Protocol.MAX_HISTORY_LIMIT))));
        }
    }

    @Override
    public synchronized boolean startStream(String id, int sampleRate, int channels) {
        return liveVoiceAvailable() && uplink.start(socket, id, sampleRate, channels);
    }

    @Override
    public synchronized boolean sendChunk(String id, long n, byte[] pcm) {
        return state == ConnectionState.JOINED && uplink.chunk(socket, id, n, pcm);
    }

    @Override
    public void endStream(String id, byte[] wav) {
        Outgoing.Voice clip = new Outgoing.Voice(id, wav);
        outbox.add(clip);
        synchronized (this) {
            if (state == ConnectionState.JOINED && !uplink.end(socket, id)) {
                sendNow(clip);
            }
        }
    }

    @Override
    public synchronized void cancelStream(String id) {
        if (state == ConnectionState.JOINED) {
            uplink.cancel(socket, id);
        }
    }

    /** Leaves the room for good. */
    @Override
    public void close() {
        closeSocket();
    }

    /**
     * Leaves the room for good and waits up to {@code millis} for the relay to answer the close frame (for the
     * shutdown hook: the JVM must not exit before the frame is out).
     *
     * @return whether the close handshake finished in time (true when there was no connection)
     */
    public boolean closeAndWait(long millis) {
        RelaySocket s = closeSocket();
        if (s == null) {
            return true;
        }
        try {
            return s.awaitClosed(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private RelaySocket closeSocket() {
        RelaySocket s;
        synchronized (this) {
            if (closedByUser) {
                return null;
            }
            closedByUser = true;
            if (retry != null) {
                retry.cancel(false);
            }
            s = socket;
            socket = null;
            generation++;
            transition(ConnectionState.DISCONNECTED, 0,
                    new ConnectionStatus.Reason(ConnectionStatus.Kind.LEFT, CloseCodes.NORMAL, "left"));
        }
        if (s != null) {
            s.close(CloseCodes.NORMAL, "bye");
        }
        return s;
    }

    private void queue(Outgoing message) {
        outbox.add(message);
        synchronized (this) {
            if (state == ConnectionState.JOINED) {
                sendNow(message);
            }
        }
    }

    private void sendNow(Outgoing message) {
        if (message instanceof Outgoing.Text t) {
            socket.send(ClientCodec.encode(new ClientMessage.Chat(t.id(), t.text())));
        } else if (message instanceof Outgoing.Voice v) {
            socket.send(VoiceFrame.encode(ClientCodec.encode(new ClientMessage.Voice(v.id())), v.wav()));
        }
    }

    // ---------------------------------------------------------------- connection life (holding the lock)

    private void open() {
        generation++;
        uplink.reset();
        socket = new RelaySocket(request.address(), request.pinnedFingerprint(), generation, this);
        socket.connect();
    }

    private void transition(ConnectionState next, long retryAt, ConnectionStatus.Reason reason) {
        state = next;
        events.status(new ConnectionStatus(next, retryAt, reason));
    }

    // ---------------------------------------------------------------- socket events (read thread)

    @Override
    public synchronized void opened(RelaySocket s) {
        if (s.generation != generation) {
            return;
        }
        Long since = joinedOnce ? highestSeq : null;
        s.send(ClientCodec.encode(new ClientMessage.Hello(askedVersion, request.nick(), request.room(), since,
                request.password(), CLIENT)));
    }

    synchronized void welcomed(RelaySocket s, ServerMessage.Welcome welcome) {
        if (s.generation != generation) {
            return;
        }
        sessionVersion = welcome.protocol();
        joinedOnce = true;
        nickTakenSince = -1;
        backoff.reset();
        transition(ConnectionState.JOINED, 0, null);
        events.welcome(welcome);
        for (Outgoing message : outbox.snapshot()) {
            sendNow(message);
        }
    }

    @Override
    public synchronized void closed(RelaySocket s, int code, String reason) {
        if (s.generation != generation || closedByUser) {
            return;
        }
        socket = null;
        boolean wasJoined = state == ConnectionState.JOINED;
        sessionVersion = 0;
        uplink.reset();
        if (wasJoined) {
            live.lost();
        }
        if (code == CloseCodes.UNSUPPORTED_PROTOCOL && askedVersion > Protocol.VERSION_1) {
            log.info("{} does not speak protocol {}; asking for {}", request.address(), askedVersion, Protocol.VERSION_1);
            askedVersion = Protocol.VERSION_1;
            open();
            return;
        }
        if (s.trust.refused()) {
            transition(ConnectionState.DISCONNECTED, 0,
                    new ConnectionStatus.Reason(ConnectionStatus.Kind.UNTRUSTED, 0, "certificate not trusted"));
            events.untrusted(new TrustProblem(request.address(), s.trust.seenFingerprint(), request.pinnedFingerprint()));
            return;
        }
        String detail = reason == null || reason.isBlank() ? s.error() : reason;
        if (code == CloseCodes.NICK_TAKEN && joinedOnce && stillOurOldConnection()) {
            // after a dropped network the relay holds our old connection until its pings time out (60 s):
            // keep trying rather than tell someone their own name is taken
            long delay = backoff.nextDelayMillis();
            transition(ConnectionState.RECONNECTING, clock.millis() + delay,
                    new ConnectionStatus.Reason(ConnectionStatus.Kind.LOST, code, detail));
            retry = scheduler.schedule(this::retryNow, delay, TimeUnit.MILLISECONDS);
            return;
        }
        if (ClientCloseCodes.isFatal(code)) {
            transition(ConnectionState.DISCONNECTED, 0,
                    new ConnectionStatus.Reason(ConnectionStatus.Kind.REFUSED, code, detail));
            return;
        }
        ConnectionStatus.Kind kind = code == CloseCodes.GOING_AWAY ? ConnectionStatus.Kind.RELAY_STOPPED
                : ConnectionStatus.Kind.LOST;
        ConnectionStatus.Reason why = new ConnectionStatus.Reason(kind, Math.max(code, 0), detail);
        if (!joinedOnce) {
            transition(ConnectionState.DISCONNECTED, 0, why);
            return;
        }
        long delay = backoff.nextDelayMillis();
        transition(ConnectionState.RECONNECTING, clock.millis() + delay, why);
        retry = scheduler.schedule(this::retryNow, delay, TimeUnit.MILLISECONDS);
    }

    /** Whether a 4409 on reconnect is within the time the relay needs to notice our old connection is gone. */
    private boolean stillOurOldConnection() {
        long now = clock.millis();
        if (nickTakenSince < 0) {
            nickTakenSince = now;
        }
        return now - nickTakenSince <= OLD_CONNECTION_GRACE_MILLIS;
    }

    /**
     * Tries to reconnect at once instead of waiting for the next scheduled attempt ("Retry now", or the network
     * came back). Does nothing unless reconnecting, or while an attempt is already under way.
     */
    public synchronized void retryNow() {
        if (closedByUser || state != ConnectionState.RECONNECTING || socket != null) {
            return;
        }
        if (retry != null) {
            retry.cancel(false);
        }
        open();
    }

    @Override
    public void message(RelaySocket s, ServerMessage message, byte[] payload) {
        synchronized (this) {
            if (s.generation != generation) {
                return;
            }
        }
        message.accept(new Inbound(this, s, payload, events, live));
    }

    void stored(ServerMessage.Stored message, byte[] clip) {
        boolean ours = Names.nickKey(message.from()).equals(Names.nickKey(request.nick()));
        synchronized (this) {
            highestSeq = Math.max(highestSeq, message.seq());
            if (ours) {
                uplink.acknowledged(message.id());
            }
        }
        if (ours) {
            outbox.remove(message.id());
        }
        events.stored(message, clip);
    }

    void refused(ServerMessage.Error error) {
        LiveUplink.Verdict verdict;
        synchronized (this) {
            verdict = uplink.refused(error);
        }
        if (verdict == LiveUplink.Verdict.SEND_WHOLE) {
            resend(error.ref());
        }
        if (verdict != LiveUplink.Verdict.NOT_LIVE || error.ref() == null || outbox.get(error.ref()) == null) {
            return;
        }
        if (error.code() == ErrorCode.RATE_LIMITED) {
            scheduler.schedule(() -> resend(error.ref()), RATE_LIMIT_RETRY_MILLIS, TimeUnit.MILLISECONDS);
        } else {
            outbox.remove(error.ref());
        }
    }

    private synchronized void resend(String id) {
        Outgoing message = outbox.get(id);
        if (message != null && state == ConnectionState.JOINED) {
            sendNow(message);
        }
    }
}
