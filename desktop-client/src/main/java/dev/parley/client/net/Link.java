package dev.parley.client.net;

import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keeps one attempt ({@link RelaySocket}) open at a time for a {@link RelayConnection}: moves through
 * {@link ConnectionState}, sends the {@code hello}, and when an attempt ends does what {@link ReconnectPolicy}
 * decides. Its monitor guards the socket: the connection sends only through {@link #whileJoined}.
 */
final class Link implements RelaySocket.Listener {
    private static final Logger log = LoggerFactory.getLogger(Link.class);
    private static final String CLIENT = "parley-desktop/0.1";

    /** What the connection does at the moments only the link sees. */
    interface Hooks {
        /** The highest {@code seq} held, for the {@code since} of a resuming {@code hello}. */
        long highestSeq();

        /** The highest played-receipt id held, for the {@code playedSince} of a resuming version-3 {@code hello}. */
        long playedSince();

        /** A socket is gone or about to be replaced (holding the lock); {@code wasJoined}: a session ended. */
        void socketGone(boolean wasJoined);

        /** Joined (again), with the state already {@code JOINED} and the {@code welcome} reported (holding the lock). */
        void joined();

        /** A message from the current socket (not holding the lock). */
        void message(RelaySocket socket, ServerMessage message, byte[] payload);
    }

    private final JoinRequest request;
    private final RelayEvents events;
    private final Hooks hooks;
    private final ScheduledExecutorService scheduler;
    private final Backoff backoff;
    private final Clock clock;
    private final Failover failover;

    private RelaySocket socket;
    private int generation;
    private ConnectionState state = ConnectionState.DISCONNECTED;
    private boolean joinedOnce;
    private boolean closedByUser;
    /** Reconnect attempts that failed since the last welcome. */
    private int failedAttempts;
    /** When a reconnect was first refused with 4409 (our previous connection still open on the relay), or -1. */
    private long nickRefusedSince = -1;
    private ScheduledFuture<?> retry;
    /** The version the next {@code hello} asks for: kept for this connection's life once a relay refused one. */
    private int askedVersion = ProtocolVersions.newest();
    /** The version of the current session, or 0 when not joined. */
    private int sessionVersion;
    /** The {@code session} of the latest {@code welcome}: the {@code resume} of every later {@code hello}. */
    private String session;

    /** @param pins the person's own pins (trusted relays) by address, which a relay's list never overrides */
    Link(JoinRequest request, RelayEvents events, Hooks hooks, ScheduledExecutorService scheduler, Backoff backoff,
         Clock clock, Function<RelayAddress, Optional<String>> pins) {
        this.failover = new Failover(request.address(), request.pinnedFingerprint(), pins);
        this.request = request;
        this.events = events;
        this.hooks = hooks;
        this.scheduler = scheduler;
        this.backoff = backoff;
        this.clock = clock;
    }

    synchronized ConnectionState state() {
        return state;
    }

    synchronized String session() {
        return session;
    }

    /** The relay of the current (or last) attempt: the one chosen, or another of its cluster after a failover. */
    synchronized RelayAddress relay() {
        return failover.current().address();
    }

    synchronized boolean liveVoiceAvailable() {
        return state == ConnectionState.JOINED && Protocol.hasLiveVoice(sessionVersion);
    }

    /** Whether the current session sends and receives played receipts. */
    synchronized boolean receiptsAvailable() {
        return state == ConnectionState.JOINED && Protocol.hasReceipts(sessionVersion);
    }

    /** Runs {@code action} on the current socket, holding the lock, if joined; returns what it returned, else false. */
    synchronized boolean whileJoined(Predicate<RelaySocket> action) {
        return state == ConnectionState.JOINED && action.test(socket);
    }

    synchronized void connect() {
        if (state != ConnectionState.DISCONNECTED || closedByUser) {
            return;
        }
        transition(ConnectionState.CONNECTING, 0, null);
        open();
    }

    /** Ends the link for good; returns the socket to close (outside the lock), or null. */
    synchronized RelaySocket leave() {
        if (closedByUser) {
            return null;
        }
        closedByUser = true;
        if (retry != null) {
            retry.cancel(false);
        }
        RelaySocket s = socket;
        socket = null;
        generation++;
        transition(ConnectionState.DISCONNECTED, 0,
                new ConnectionStatus.Reason(ConnectionStatus.Kind.LEFT, CloseCodes.NORMAL, "left"));
        return s;
    }

    /** See {@link RelayConnection#retryNow()}. */
    synchronized void retryNow() {
        if (closedByUser || state != ConnectionState.RECONNECTING || socket != null) {
            return;
        }
        if (retry != null) {
            retry.cancel(false);
        }
        open();
    }

    private void open() {
        generation++;
        hooks.socketGone(false);
        Failover.Target target = failover.current();
        socket = new RelaySocket(target.address(), target.fingerprint(), generation, this);
        socket.connect();
    }

    private void transition(ConnectionState next, long retryAt, ConnectionStatus.Reason reason) {
        state = state.to(next);
        events.status(new ConnectionStatus(next, retryAt, reason, failover.current().address()));
    }

    // ---------------------------------------------------------------- socket events (read thread)

    @Override
    public synchronized void opened(RelaySocket s) {
        if (s.generation != generation) {
            return;
        }
        Long since = joinedOnce ? hooks.highestSeq() : null;
        Long playedSince = joinedOnce && Protocol.hasReceipts(askedVersion) ? hooks.playedSince() : null;
        String resume = joinedOnce ? session : null;
        s.send(ClientCodec.encode(new ClientMessage.Hello(askedVersion, request.nick(), request.room(), since,
                request.password(), CLIENT, playedSince, resume)));
    }

    @Override
    public void message(RelaySocket s, ServerMessage message, byte[] payload) {
        synchronized (this) {
            if (s.generation != generation) {
                return;
            }
        }
        hooks.message(s, message, payload);
    }

    synchronized void welcomed(RelaySocket s, ServerMessage.Welcome welcome) {
        if (s.generation != generation) {
            return;
        }
        if (state == ConnectionState.JOINED) {
            log.warn("ignoring a second welcome from {}", request.address());
            return;
        }
        sessionVersion = welcome.protocol();
        session = welcome.session();
        failover.welcomed(welcome.relays());
        if (failover.current().vouched()) {
            log.info("failed over to {}, trusting the certificate {} vouched for it", failover.current().address(),
                    failover.current().fingerprint());
        }
        joinedOnce = true;
        nickRefusedSince = -1;
        failedAttempts = 0;
        transition(ConnectionState.JOINED, 0, null);
        events.welcome(welcome);
        hooks.joined();
    }

    @Override
    public synchronized void closed(RelaySocket s, int code, String reason) {
        if (s.generation != generation) {
            return;
        }
        long now = clock.millis();
        if (code == CloseCodes.NICK_TAKEN && joinedOnce && nickRefusedSince < 0) {
            nickRefusedSince = now;
        }
        ReconnectPolicy.Decision decision = ReconnectPolicy.decide(new ReconnectPolicy.Ending(closedByUser, code,
                reason, s.error(), s.trust.refused(), failover.elsewhere(), askedVersion, joinedOnce,
                failedAttempts, backoff.jitter(), nickRefusedSince, now));
        if (decision.action() == ReconnectPolicy.Action.NOTHING) {
            return;
        }
        socket = null;
        sessionVersion = 0;
        hooks.socketGone(state == ConnectionState.JOINED);
        switch (decision.action()) {
            case FALL_BACK -> {
                log.info("{} does not speak protocol {}; asking for {}", request.address(), askedVersion,
                        decision.version());
                askedVersion = decision.version();
                open();
            }
            case RECONNECT -> {
                RelayAddress from = failover.current().address();
                failover.next(failedAttempts);
                failedAttempts++;
                if (!failover.current().address().equals(from)) {
                    log.info("{} cannot be reached; the next attempt goes to {} of the same cluster", from,
                            failover.current().address());
                }
                transition(ConnectionState.RECONNECTING, now + decision.delayMillis(), decision.why());
                retry = scheduler.schedule(this::retryNow, decision.delayMillis(), TimeUnit.MILLISECONDS);
            }
            case GIVE_UP -> {
                transition(ConnectionState.DISCONNECTED, 0, decision.why());
                if (decision.why().kind() == ConnectionStatus.Kind.UNTRUSTED) {
                    events.untrusted(new TrustProblem(failover.current().address(), s.trust.seenFingerprint(),
                            failover.current().fingerprint()));
                }
            }
            case NOTHING -> throw new AssertionError("returned above");
        }
    }
}
