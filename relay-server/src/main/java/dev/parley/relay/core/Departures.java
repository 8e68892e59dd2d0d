package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.BooleanSupplier;

/**
 * Takes sessions out of their rooms: when a connection closes (typing goes idle, the others get {@code leave}) and
 * when a member's resumed session replaces its old connection (no {@code leave}, the old one is closed).
 */
final class Departures {
    /** Under the relay's name: leave and replaced lines read as they always did. */
    private static final Logger log = LoggerFactory.getLogger(Relay.class);

    private final LiveVoice live;
    private final Occupancy occupancy;
    private final BooleanSupplier accepting;
    private final boolean logSessions;

    /** @param accepting whether the relay still takes members: false once it is shutting down */
    Departures(LiveVoice live, Occupancy occupancy, BooleanSupplier accepting, boolean logSessions) {
        this.live = live;
        this.occupancy = occupancy;
        this.accepting = accepting;
        this.logSessions = logSessions;
    }

    /** The connection closed, for whatever reason: a joined session leaves its room (its nick is free at once). */
    void leave(Session s, int code, String reason) {
        s.state = Session.State.CLOSED;
        if (s.helloTimer != null) {
            s.helloTimer.cancel(false);
        }
        if (s.room() == null) {
            return;
        }
        Room room = s.room();
        synchronized (room) {
            if (!room.remove(s)) {
                return;
            }
            occupancy.removed(room);
            live.closed(s);
            room.cluster.left(room, s);
            if (accepting.getAsBoolean()) {
                if (s.typing != TypingState.IDLE) {
                    s.typing = TypingState.IDLE;
                    room.sendTyping(s, Frames.typing(s.nick(), TypingState.IDLE));
                }
                if (!room.has(s.nickKey())) {
                    // (in a cluster, a session closed because the nick was first taken on another relay: the nick stays)
                    room.sendToOthers(s, Frames.presence(ServerMessage.Presence.Event.LEAVE, s.nick(), room.nicks()));
                }
            }
            // else the relay is shutting down and closing everyone with 1001: a leave that reached someone before their
            // own close would tell them this member left the room, when it was the relay that went away
        }
        occupancy.wentOffline();
        if (logSessions) {
            log.info("leave: {} left room {} (close {}{}, {})", s.nick(), room.name, code,
                    reason == null || reason.isEmpty() ? "" : " " + reason, s.member().remote());
        }
    }

    /**
     * The member behind {@code old} connected again as {@code s} (its hello named {@code old}'s session): {@code old}
     * leaves the room without a {@code leave} (others, on every relay, get {@code typing} {@code idle} if it was
     * typing, and {@code voice-abort} for a stream it was sending) and is closed with {@link CloseCodes#REPLACED};
     * {@code s} then joins as anyone does. Call holding the room's monitor.
     */
    void replace(Room room, Session old, Session s) {
        room.remove(old);
        old.state = Session.State.CLOSING;
        occupancy.removed(room);
        live.closed(old);
        if (old.typing != TypingState.IDLE) {
            old.typing = TypingState.IDLE;
            room.sendTyping(old, Frames.typing(old.nick(), TypingState.IDLE));
        }
        occupancy.replaced();
        old.member().close(CloseCodes.REPLACED, "replaced: the same member connected again");
        if (logSessions) {
            log.info("replaced: {} in room {} connected again ({}); the older connection ({}) is closed with {}",
                    old.nick(), room.name, s.member().remote(), old.member().remote(), CloseCodes.REPLACED);
        }
    }
}
