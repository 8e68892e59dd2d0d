package dev.parley.client.net;

import dev.parley.protocol.CloseCodes;

import java.util.OptionalInt;

/**
 * What a connection does when an attempt ends (PROTOCOL.md, "Close codes"): a pure function of how it ended, so every
 * rule is one row of a table test. The rules, in the order they are tried:
 * <ol>
 *   <li>the person left: nothing more;</li>
 *   <li>4426 (the relay does not speak the version asked for): ask at once for the next lower version this app
 *       speaks, while there is one ({@link ProtocolVersions#below});</li>
 *   <li>a certificate that is not the pinned one: give up, never retried (the app asks the person); but on another
 *       relay of the cluster than the one the person chose (failing over, see {@link Failover}), reconnect: the next
 *       attempt goes elsewhere, and the person is never asked about a relay they did not choose now;</li>
 *   <li>4409 on a reconnect, within {@value #OLD_CONNECTION_GRACE_MILLIS} ms of the first 4409: reconnect with
 *       back-off (the relay still holds our own dropped connection until its pings time out);</li>
 *   <li>a code after which the same {@code hello} would fail again ({@link CloseCodes#isFatalForClient}): give up
 *       with the relay's reason (4429 included: the person is told to wait and try again);</li>
 *   <li>anything else before the first {@code welcome}: give up, so the connect screen can say what went wrong;</li>
 *   <li>anything else after it: reconnect after the {@link Backoff} delay of this attempt.</li>
 * </ol>
 */
public final class ReconnectPolicy {
    /** The relay pings every 40 s and closes a silent peer after 60 s; a little more than that. */
    static final long OLD_CONNECTION_GRACE_MILLIS = 90_000;

    private ReconnectPolicy() {
    }

    /**
     * How an attempt ended, and what the connection knows.
     *
     * @param personLeft         the person left (or the app closed the connection)
     * @param code               the WebSocket close code (1006 or -1 when no close frame came)
     * @param reason             the relay's close reason, possibly empty
     * @param networkError       the network error in the library's words, or {@code null}
     * @param certificateRefused the relay's certificate was not the pinned one
     * @param elsewhere          the attempt went to another relay of the cluster than the one the person chose
     * @param askedVersion       the protocol version the {@code hello} asked for
     * @param joinedOnce         a {@code welcome} came at least once on this connection
     * @param attempt            reconnect attempts that failed since the last {@code welcome} (0: this was the first)
     * @param jitter             a {@link Backoff#jitter()} draw for the delay
     * @param nickRefusedSince   when the relay first refused our nick (4409) since the last {@code welcome}, or -1
     * @param now                the clock's time, epoch milliseconds
     */
    public record Ending(boolean personLeft, int code, String reason, String networkError, boolean certificateRefused,
                         boolean elsewhere, int askedVersion, boolean joinedOnce, int attempt, double jitter, long nickRefusedSince,
                         long now) {
    }

    /** What to do. */
    public enum Action {
        /** Nothing: the person left. */
        NOTHING,
        /** Open a new attempt at once asking for {@link Decision#version()}; the state does not change. */
        FALL_BACK,
        /** Wait {@link Decision#delayMillis()}, then try again; meanwhile reconnecting, because of {@link Decision#why()}. */
        RECONNECT,
        /** Stop: disconnected, because of {@link Decision#why()}. */
        GIVE_UP
    }

    /**
     * The decision.
     *
     * @param version     for {@link Action#FALL_BACK}: the version to ask for, else 0
     * @param delayMillis for {@link Action#RECONNECT}: how long to wait, else 0
     * @param why         for {@link Action#RECONNECT} and {@link Action#GIVE_UP}: what the person is told, else null
     */
    public record Decision(Action action, int version, long delayMillis, ConnectionStatus.Reason why) {
        static final Decision NOTHING = new Decision(Action.NOTHING, 0, 0, null);

        static Decision fallBack(int version) {
            return new Decision(Action.FALL_BACK, version, 0, null);
        }

        static Decision reconnect(long delayMillis, ConnectionStatus.Reason why) {
            return new Decision(Action.RECONNECT, 0, delayMillis, why);
        }

        static Decision giveUp(ConnectionStatus.Reason why) {
            return new Decision(Action.GIVE_UP, 0, 0, why);
        }
    }

    /** The rules of this class's description, applied to {@code e}. */
    public static Decision decide(Ending e) {
        if (e.personLeft()) {
            return Decision.NOTHING;
        }
        if (e.code() == CloseCodes.UNSUPPORTED_PROTOCOL) {
            OptionalInt lower = ProtocolVersions.below(e.askedVersion());
            if (lower.isPresent()) {
                return Decision.fallBack(lower.getAsInt());
            }
        }
        long delay = Backoff.delayMillis(e.attempt(), e.jitter());
        if (e.certificateRefused() && e.elsewhere() && e.joinedOnce()) {
            return Decision.reconnect(delay, new ConnectionStatus.Reason(ConnectionStatus.Kind.LOST, 0,
                    "certificate not the one trusted there"));
        }
        if (e.certificateRefused()) {
            return Decision.giveUp(new ConnectionStatus.Reason(ConnectionStatus.Kind.UNTRUSTED, 0,
                    "certificate not trusted"));
        }
        String detail = e.reason() == null || e.reason().isBlank() ? e.networkError() : e.reason();
        if (e.code() == CloseCodes.NICK_TAKEN && e.joinedOnce() && stillOurOldConnection(e)) {
            // after a dropped network the relay holds our old connection until its pings time out (60 s):
            // keep trying rather than tell someone their own name is taken
            return Decision.reconnect(delay, new ConnectionStatus.Reason(ConnectionStatus.Kind.LOST, e.code(), detail));
        }
        if (CloseCodes.isFatalForClient(e.code())) {
            return Decision.giveUp(new ConnectionStatus.Reason(ConnectionStatus.Kind.REFUSED, e.code(), detail));
        }
        ConnectionStatus.Kind kind = e.code() == CloseCodes.GOING_AWAY ? ConnectionStatus.Kind.RELAY_STOPPED
                : ConnectionStatus.Kind.LOST;
        ConnectionStatus.Reason why = new ConnectionStatus.Reason(kind, Math.max(e.code(), 0), detail);
        return e.joinedOnce() ? Decision.reconnect(delay, why) : Decision.giveUp(why);
    }

    private static boolean stillOurOldConnection(Ending e) {
        long since = e.nickRefusedSince() < 0 ? e.now() : e.nickRefusedSince();
        return e.now() - since <= OLD_CONNECTION_GRACE_MILLIS;
    }
}
