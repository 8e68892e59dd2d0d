package dev.parley.relay.core;

import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.Names;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.core.PeerEvent.Claim;
import dev.parley.relay.core.PeerEvent.RoomState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The members of a room on other relays, as their relays claim them: who joins this relay's member list, which claim
 * to a nick stands when two relays admitted it at once (the earlier; the later member here is closed with 4409), the
 * session a claim replaces (closed with 4410), and who leaves. Every method is called holding the room's monitor.
 */
final class Claims {
    private static final Logger log = LoggerFactory.getLogger(Peers.class);

    /** This relay's id: ties between claims made at the same millisecond go to the lower relay id. */
    private final String self;
    private final RoomFill fill;

    Claims(String self, RoomFill fill) {
        this.self = self;
        this.fill = fill;
    }

    /**
     * Makes a room's members on relay {@code from} what it said ({@code state}, or none when it did not mention the
     * room), and reads what this relay missed of messages and receipts it delivered. Holding the room's monitor.
     */
    void reconcile(Room room, String from, RoomState state) {
        Set<String> keys = new HashSet<>();
        if (state != null) {
            for (Claim c : state.members()) {
                keys.add(Names.nickKey(c.nick()));
                claim(room, from, c, true);
            }
            if (state.seq() > room.lastSeq || state.played() > room.lastPlayed) {
                fill.schedule(room, state.seq(), state.played());
            }
        }
        for (RemoteMember m : List.copyOf(room.remotes())) {
            if (m.relay().equals(from) && !keys.contains(m.nickKey())) {
                unclaim(room, from, m.nickKey(), null);
            }
        }
    }

    /**
     * A member on relay {@code relay} claims a nick in the room: it joins the member list unless an earlier claim to the
     * nick stands; a later member of this relay with the nick is closed (4409), and so is the session the claim says it
     * replaces (4410: the same member connected again elsewhere). Holding the room's monitor.
     */
    void claim(Room room, String relay, Claim c, boolean announce) {
        String key = Names.nickKey(c.nick());
        RemoteMember member = new RemoteMember(c.nick(), key, relay, c.at(), c.hash());
        boolean replaced = false;
        Session local = room.local(key);
        if (local != null) {
            replaced = local.tokenHash().equals(c.replaces());
            if (!replaced && !member.before(local.joinedAt, self)) {
                return;
            }
            if (local.state == Session.State.JOINED) {
                local.state = Session.State.CLOSING;
                if (replaced) {
                    log.info("cluster: {} in room {} connected again on relay {}; closing the older connection here",
                            c.nick(), room.name, relay);
                    local.member().close(CloseCodes.REPLACED, "replaced: the same member connected again");
                } else {
                    log.info("cluster: {} joined room {} on relay {} first; closing the later session here",
                            c.nick(), room.name, relay);
                    local.member().close(CloseCodes.NICK_TAKEN,
                            "nick \"" + c.nick() + "\" is already in room " + room.name + " (on another relay)");
                }
            }
        }
        RemoteMember existing = room.remote(key);
        if (existing != null) {
            if (existing.relay().equals(relay) && existing.tokenHash().equals(c.hash())) {
                return;
            }
            boolean replacesIt = existing.tokenHash().equals(c.replaces());
            if (!replacesIt && existing.before(c.at(), relay)) {
                return;
            }
            replaced |= replacesIt;
            room.removeRemote(key);
        }
        room.addRemote(member);
        if (announce && (replaced || existing == null && local == null)) {
            room.sendToOthers(null, Frames.presence(ServerMessage.Presence.Event.JOIN, c.nick(), room.nicks()));
        }
    }

    /**
     * The member of relay {@code relay} with nick key {@code key} (and session digest {@code hash}, or any when
     * {@code null}) left the room. Holding the room's monitor.
     */
    void unclaim(Room room, String relay, String key, String hash) {
        RemoteMember existing = room.remote(key);
        if (existing == null || !existing.relay().equals(relay) || hash != null && !existing.tokenHash().equals(hash)) {
            return;
        }
        room.removeRemote(key);
        RemoteStreams.interrupt(room, relay, existing.nick());
        if (room.local(key) == null) {
            room.sendToOthers(null, Frames.presence(ServerMessage.Presence.Event.LEAVE, existing.nick(), room.nicks()));
        }
    }
}
