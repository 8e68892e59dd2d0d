package dev.parley.relay.core;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.RelayAddress;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.bus.ClusterBus;
import dev.parley.relay.store.MessageStore;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Checks and decodes each frame a connection sends and routes it to the relay's rules: a session's first frame to
 * {@link Admission}, a member's messages to {@link MemberMessages}. The rules know no sockets: the socket edge calls
 * {@link #open}, {@link #onText}, {@link #onBinary} and {@link #onClose}, and calls for one session come in order
 * from one thread.
 */
public final class Relay {
    private final RelayConfig config;
    private final Admission admission;
    private final MemberMessages messages;
    private final LiveVoice live;
    private final MessageStore store;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private volatile Peers peers;
    private final RelayDirectory directoryView;

    /**
     * @param timers  runs the hello timeouts, the live streams' idle checks and replay back-off
     * @param readers runs replay and history reads (disk)
     */
    public Relay(RelayConfig config, MessageStore store, ScheduledExecutorService timers, Executor readers) {
        this(config, store, timers, readers, true, RelayEvents.NONE);
    }

    /**
     * As above; {@code logSessions} false keeps joins, leaves and refusals out of the log (the private warm-up relay);
     * {@code events} hears of refusals, password lockouts and live streams.
     */
    public Relay(RelayConfig config, MessageStore store, ScheduledExecutorService timers, Executor readers,
                 boolean logSessions, RelayEvents events) {
        this(config, store, timers, readers, logSessions, events, RelayDirectory.NONE);
    }

    /** As above; {@code directory} says which relays every {@code welcome} lists. */
    public Relay(RelayConfig config, MessageStore store, ScheduledExecutorService timers, Executor readers,
                 boolean logSessions, RelayEvents events, RelayDirectory directory) {
        this.config = config;
        this.directoryView = new RelayDirectory() {
            @Override
            public List<RelayAddress> relays() {
                return admission.directory().relays();
            }

            @Override
            public boolean listedOnce(String hostPort) {
                return admission.directory().listedOnce(hostPort);
            }
        };
        this.live = new LiveVoice(config.limits(), store, timers, config.liveIdleTimeout(), config.clock(), events);
        this.admission = new Admission(config, store, timers, readers, live, logSessions, events, directory);
        this.messages = new MemberMessages(config.limits(), store, readers, live, events);
        this.store = store;
        this.timers = timers;
        this.readers = readers;
    }

    /**
     * Joins this relay to a cluster over {@code bus} (which must share this relay's store with the other relays):
     * call once, before the first connection. {@link #leaveCluster()} says goodbye. A stored clip goes to the other
     * relays inside its bus event when the bus takes it, else by reference (each reads it from the store); the hidden
     * system property {@code parley.cluster.inlineClipBytes}, read here, sends clips over that size by reference.
     */
    public void joinCluster(ClusterBus bus, Duration aliveEvery, Duration goneAfter, Duration gapWait) {
        joinCluster(bus, aliveEvery, goneAfter, gapWait, InlineClips.fromSystemProperty());
    }

    /**
     * As above, with stored clips whose frame is over {@code inlineClipBytes} sent by reference (0: every clip;
     * {@link Integer#MAX_VALUE}: whenever the bus takes them).
     */
    public void joinCluster(ClusterBus bus, Duration aliveEvery, Duration goneAfter, Duration gapWait,
                            int inlineClipBytes) {
        if (inlineClipBytes < 0) {
            throw new IllegalArgumentException("inlineClipBytes must be 0 or more");
        }
        Peers p = new Peers(bus, store, timers, readers, admission::existing, admission::rooms, aliveEvery, goneAfter,
                gapWait, admission.directory().relays(), admission.guard(), inlineClipBytes);
        admission.cluster(p, p);
        peers = p;
        p.start();
    }

    /** Tells the other relays of the cluster that this one is leaving (its members leave their lists at once). */
    public void leaveCluster() {
        Peers p = peers;
        if (p != null) {
            p.stop();
        }
    }

    /** A new connection finished its handshakes: it has {@code helloTimeout} to say hello. */
    public Session open(Member member) {
        return admission.open(member);
    }

    /**
     * The relays a {@code welcome} lists ({@code welcome.relays}) as they change: this relay when advertised, and once
     * it joins a cluster the cluster's other advertised relays. Answers at once, from any thread.
     */
    public RelayDirectory directory() {
        return directoryView;
    }

    /** Members joined, all rooms together. */
    public int online() {
        return admission.online();
    }

    /** Rooms with at least one member. */
    public int occupiedRooms() {
        return admission.occupiedRooms();
    }

    /** Live voice streams open now, all rooms together. */
    public int liveStreams() {
        return live.open();
    }

    /** Whether the relay admits new members (false once it is shutting down). */
    public boolean accepting() {
        return admission.accepting();
    }

    /** Runs {@code listener} after every join and leave (on the thread of the change): read {@link #online()}. */
    public void onOnlineChanged(Runnable listener) {
        admission.onOnlineChanged(listener);
    }

    /** Stops admitting new members (shutdown); members present stay until closed. */
    public void stopAccepting() {
        admission.stopAccepting();
    }

    public void onText(Session s, String text) {
        if (s.state == Session.State.CLOSING || s.state == Session.State.CLOSED) {
            return;
        }
        if (utf8Length(text) > Protocol.MAX_TEXT_FRAME_BYTES) {
            admission.refuse(s, CloseCodes.TOO_BIG, "text frame over " + Protocol.MAX_TEXT_FRAME_BYTES + " bytes");
            return;
        }
        if (s.state == Session.State.AWAITING_HELLO) {
            admission.firstFrame(s, text);
            return;
        }
        ClientMessage message;
        try {
            message = ClientCodec.decode(text, config.limits());
        } catch (ProtocolException e) {
            if (e.closeCode() != 0) {
                messages.error(s, ErrorCode.BAD_REQUEST, "hello was already received", null);
            } else {
                messages.error(s, e.code(), e.getMessage(), e.ref());
            }
            return;
        }
        if (!s.allowMessage()) {
            messages.error(s, ErrorCode.RATE_LIMITED, "too many messages; slow down and retry", message.ref());
            return;
        }
        messages.text(s, message);
    }

    public void onBinary(Session s, ByteBuffer frame) {
        if (s.state == Session.State.CLOSING || s.state == Session.State.CLOSED) {
            return;
        }
        if (s.state == Session.State.AWAITING_HELLO) {
            admission.refuse(s, CloseCodes.BAD_HELLO, "the first frame must be a hello text frame");
            return;
        }
        ClientCodec.Binary binary;
        try {
            binary = ClientCodec.decodeBinary(frame);
        } catch (ProtocolException e) {
            messages.error(s, e.code(), e.getMessage(), e.ref());
            return;
        }
        messages.binary(s, binary.header(), binary.audio());
    }

    /** The connection closed, for whatever reason: a joined session leaves its room (its nick is free at once). */
    public void onClose(Session s, int code, String reason) {
        admission.leave(s, code, reason);
    }

    private static int utf8Length(String s) {
        if (s.length() * 3L <= Protocol.MAX_TEXT_FRAME_BYTES) {
            return s.length();
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            n += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return n;
    }
}
