package dev.parley.client.net;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One person's connection to one room of a relay, kept alive across drops: what the app sends goes out through it,
 * what the relay sends comes back as {@link RelayEvents} and {@link LiveVoiceEvents}.
 *
 * <p>Its parts: {@link Link} opens the attempts and moves through {@link ConnectionState} as
 * {@link ReconnectPolicy} decides (before the first {@code welcome} a failure ends the connection so the connect
 * screen can say why; after it, drops are retried with {@link Backoff} until {@link #close()}; a certificate that is
 * not the pinned one is reported through {@link RelayEvents#untrusted} and never retried). {@link Outbox} keeps chat
 * and voice messages until the relay acknowledges them and sends them again after every {@code welcome}, with the
 * same ids. {@link LiveUplink} streams our live voice on sessions that have it ({@link ProtocolVersions}).
 * {@link PlayedReceipts} says which voice messages this person heard, on sessions that speak receipts.
 *
 * <p>Resume: the highest {@code seq} seen is sent as {@code since}, the latest {@code welcome}'s session as
 * {@code resume} (so a relay that still holds our dropped connection replaces it rather than refuse the nick), and on
 * sessions that speak receipts {@code playedSince} as {@link ReceiptCursor} keeps it. Failover: when reconnecting to
 * the relay fails, the next attempts go to the other relays its {@code welcome} listed ({@link Failover}).
 */
public final class RelayConnection implements RelaySender, LiveVoiceSender, AutoCloseable {
    private final JoinRequest request;
    private final RelayEvents events;
    private final LiveVoiceEvents live;
    private final Link link;
    private final Outbox outbox;
    private final LiveUplink uplink = new LiveUplink();
    private final AtomicLong highestSeq = new AtomicLong();
    private final PlayedReceipts receipts;
    private final ReceiptCursor receiptCursor = new ReceiptCursor();

    /** A connection that ignores other members' live streams. */
    public RelayConnection(JoinRequest request, RelayEvents events, ScheduledExecutorService scheduler, Backoff backoff,
                           Clock clock) {
        this(request, events, LiveVoiceEvents.NONE, scheduler, backoff, clock);
    }

    /** A connection that fails over trusting no pin of the person's but the one of its request. */
    public RelayConnection(JoinRequest request, RelayEvents events, LiveVoiceEvents live,
                           ScheduledExecutorService scheduler, Backoff backoff, Clock clock) {
        this(request, events, live, scheduler, backoff, clock, address -> Optional.empty());
    }

    /**
     * @param pins the person's own pins (trusted relays) by address: when failing over to a relay the person pinned,
     *             its pin is trusted there, never the fingerprint another relay vouched for
     */
    public RelayConnection(JoinRequest request, RelayEvents events, LiveVoiceEvents live,
                           ScheduledExecutorService scheduler, Backoff backoff, Clock clock,
                           Function<RelayAddress, Optional<String>> pins) {
        this.request = request;
        this.events = events;
        this.live = live;
        this.link = new Link(request, events, new Hooks(), scheduler, backoff, clock, pins);
        this.outbox = new Outbox(message -> link.whileJoined(s -> {
            message.sendOn(s);
            return true;
        }), scheduler);
        this.receipts = new PlayedReceipts((seq, due) -> link.whileJoined(s -> {
            if (!link.receiptsAvailable() || !due.getAsBoolean()) {
                return false;
            }
            s.send(ClientCodec.encode(new ClientMessage.Played(seq)));
            return true;
        }), scheduler);
    }

    public JoinRequest request() {
        return request;
    }

    public ConnectionState state() {
        return link.state();
    }

    /**
     * The relay the connection is on (or its next attempt goes to): the request's, or another relay of its cluster
     * after a failover.
     */
    public RelayAddress relay() {
        return link.relay();
    }

    /**
     * The {@code session} of the latest {@code welcome} (the {@code resume} of the next {@code hello}), or {@code null}
     * before the first. Whoever holds it can take this person's place in the room: never show or log it.
     */
    public String session() {
        return link.session();
    }

    /** The highest {@code seq} received so far (0 before any). */
    public long highestSeq() {
        return highestSeq.get();
    }

    /** Whether the current session has live voice, so that {@link #startStream} can succeed. */
    public boolean liveVoiceAvailable() {
        return link.liveVoiceAvailable();
    }

    /** The highest played-receipt id received so far that counts for {@code playedSince} (0 before any). */
    public long playedSince() {
        return receiptCursor.playedSince();
    }

    /** Played receipts said and not yet confirmed by the relay, lowest seq first. */
    public List<Long> receiptsWaiting() {
        return receipts.waiting();
    }

    /** Messages sent and not yet acknowledged. */
    public int outboxSize() {
        return outbox.size();
    }

    /** Starts connecting. */
    public void connect() {
        link.connect();
    }

    /**
     * Tries to reconnect at once instead of waiting for the next scheduled attempt ("Retry now", or the network
     * came back). Does nothing unless reconnecting, or while an attempt is already under way.
     */
    public void retryNow() {
        link.retryNow();
    }

    /** Sends a chat message now if joined, and again after every reconnect until the relay acknowledges it. */
    @Override
    public void sendChat(String id, String text) {
        outbox.send(new Outgoing.Text(id, text));
    }

    /** Sends a voice clip now if joined, and again after every reconnect until the relay acknowledges it. */
    @Override
    public void sendVoice(String id, byte[] wav) {
        outbox.send(new Outgoing.Voice(id, wav));
    }

    /** Sends a typing state if joined (typing states are not worth keeping across a drop). */
    @Override
    public void sendTyping(TypingState typing) {
        link.whileJoined(s -> {
            s.send(ClientCodec.encode(new ClientMessage.Typing(typing)));
            return true;
        });
    }

    /** Asks for older messages if joined. */
    @Override
    public void requestHistory(long before, int limit) {
        if (before > 1) {
            link.whileJoined(s -> {
                receiptCursor.historyAsked();
                s.send(ClientCodec.encode(new ClientMessage.History(before, Math.min(limit, Protocol.MAX_HISTORY_LIMIT))));
                return true;
            });
        }
    }

    /**
     * This person heard someone else's stored voice message {@code seq} to its end: a played receipt goes to the
     * relay (at most once this session, kept until the relay confirms it; see {@link PlayedReceipts}), unless
     * {@linkplain #tellPlayed telling} is off. Sessions below protocol 3 send none.
     */
    @Override
    public void sendPlayed(long seq) {
        receipts.played(seq);
    }

    /** The person's setting "tell others when I've played their voice messages"; off drops receipts not yet confirmed. */
    @Override
    public void tellPlayed(boolean on) {
        receipts.tell(on);
    }

    @Override
    public boolean startStream(String id, int sampleRate, int channels) {
        return link.whileJoined(s -> link.liveVoiceAvailable() && uplink.start(s, id, sampleRate, channels));
    }

    @Override
    public boolean sendChunk(String id, long n, byte[] pcm) {
        return link.whileJoined(s -> uplink.chunk(s, id, n, pcm));
    }

    @Override
    public void endStream(String id, byte[] wav) {
        Outgoing.Voice clip = new Outgoing.Voice(id, wav);
        outbox.keep(clip);
        link.whileJoined(s -> {
            if (!uplink.end(s, id)) {
                clip.sendOn(s);
            }
            return true;
        });
    }

    @Override
    public void cancelStream(String id) {
        link.whileJoined(s -> {
            uplink.cancel(s, id);
            return true;
        });
    }

    /** Leaves the room for good. */
    @Override
    public void close() {
        RelaySocket s = link.leave();
        if (s != null) {
            s.close(CloseCodes.NORMAL, "bye");
        }
    }

    /**
     * Leaves the room for good and waits up to {@code millis} for the relay to answer the close frame (for the
     * shutdown hook: the JVM must not exit before the frame is out).
     *
     * @return whether the close handshake finished in time (true when there was no connection)
     */
    public boolean closeAndWait(long millis) {
        RelaySocket s = link.leave();
        if (s == null) {
            return true;
        }
        s.close(CloseCodes.NORMAL, "bye");
        try {
            return s.awaitClosed(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---------------------------------------------------------------- from the relay (read thread)

    void welcomed(RelaySocket socket, ServerMessage.Welcome welcome) {
        link.welcomed(socket, welcome);
    }

    void stored(ServerMessage.Stored message, byte[] clip) {
        highestSeq.accumulateAndGet(message.seq(), Math::max);
        if (Names.nickKey(message.from()).equals(Names.nickKey(request.nick()))) {
            uplink.acknowledged(message.id());
            outbox.acknowledged(message.id());
        }
        events.stored(message, clip);
    }

    void refused(ServerMessage.Error error) {
        if (error.ref() == null) {
            receipts.refused(error); // only a receipt's answer can be about something this app keeps and has no id
        }
        switch (uplink.refused(error)) {
            case SEND_WHOLE -> outbox.resend(error.ref());
            case NOT_LIVE -> outbox.refused(error);
            case LIVE_ANSWER -> {
                // an answer to a live frame: the clip that follows under this id is still to be acknowledged
            }
        }
    }

    /** A played receipt: ours confirms one said; each counts for {@code playedSince} unless it came with history. */
    void receipt(ServerMessage.Played receipt) {
        receiptCursor.received(receipt);
        if (Names.nickKey(receipt.nick()).equals(Names.nickKey(request.nick()))) {
            receipts.confirmed(receipt.seq());
        }
        events.played(receipt);
    }

    /** The end of a history answer. */
    void historyEnded(ServerMessage.HistoryEnd end) {
        receiptCursor.historyEnded();
        events.historyEnd(end);
    }

    /** The link's hooks: the live uplink and the outbox follow the sockets. */
    private final class Hooks implements Link.Hooks {
        @Override
        public long highestSeq() {
            return highestSeq.get();
        }

        @Override
        public long playedSince() {
            return receiptCursor.playedSince();
        }

        @Override
        public void socketGone(boolean wasJoined) {
            uplink.reset();
            receipts.socketGone();
            receiptCursor.socketGone();
            if (wasJoined) {
                live.lost();
            }
        }

        @Override
        public void joined() {
            outbox.resendAll();
            receipts.joined();
        }

        @Override
        public void message(RelaySocket socket, ServerMessage message, byte[] payload) {
            message.accept(new Inbound(RelayConnection.this, socket, payload, events, live));
        }
    }
}
