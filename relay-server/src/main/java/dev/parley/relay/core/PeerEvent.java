package dev.parley.relay.core;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.parley.protocol.RelayAddress;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One event a relay tells the other relays of its cluster, and its bytes on the bus: a 4-byte big-endian length, a
 * JSON header of that many bytes, then the payload (the frame members receive, for the events that carry one). Relays
 * of one cluster run the same release; an event of a type this one does not know is ignored.
 *
 * @param type    what happened
 * @param room    the room it happened in ({@code null} for {@link Type#ALIVE} and {@link Type#BYE})
 * @param number  the seq of {@link Type#STORED}, the receipt id of {@link Type#PLAYED}, else 0
 * @param text    whether {@code payload} is a text frame's (JSON) rather than a binary frame's
 * @param claim   the member of {@link Type#JOIN} and {@link Type#LEAVE}
 * @param payload the frame members receive; {@code null} for a stored message told by reference (read it from the store)
 * @param rooms   for {@link Type#ALIVE}: every room the relay has members in, or wrote to lately
 * @param addresses for {@link Type#ALIVE}: where clients reach the relay ({@code --advertise}), with its fingerprint
 * @param from    for {@link Type#WRONG_PASSWORD} and {@link Type#RIGHT_PASSWORD}: the client address that sent it
 */
record PeerEvent(Type type, String room, long number, boolean text, Claim claim, byte[] payload,
                 List<RoomState> rooms, List<RelayAddress> addresses, String from) {

    enum Type { STORED, PLAYED, TYPING, LIVE, JOIN, LEAVE, ALIVE, BYE, WRONG_PASSWORD, RIGHT_PASSWORD }

    /** A room as one relay sees it: the newest seq and receipt id it delivered, and its members there. */
    record RoomState(String room, long seq, long played, List<Claim> members) {
    }

    /**
     * A member's claim to its nick in a room: who, since when, the digest of its session token, and the digest of the
     * session it replaced ({@code null} when none): a claim that replaces a session takes its place whenever it came.
     */
    record Claim(String nick, long at, String hash, String replaces) {
        /** The claim of a member of this relay. */
        static Claim of(Session s) {
            return new Claim(s.nick(), s.joinedAt, s.tokenHash(), s.replaces);
        }
    }

    static PeerEvent frame(Type type, String room, long number, SharedFrame frame) {
        return new PeerEvent(type, room, number, frame.isText(), null, bytes(frame), null, null, null);
    }

    static PeerEvent member(Type type, String room, Claim claim) {
        return new PeerEvent(type, room, 0, false, claim, null, null, null, null);
    }

    static PeerEvent alive(List<RoomState> rooms, List<RelayAddress> addresses) {
        return new PeerEvent(Type.ALIVE, null, 0, false, null, null, rooms, addresses, null);
    }

    static PeerEvent bye() {
        return new PeerEvent(Type.BYE, null, 0, false, null, null, null, null, null);
    }

    /** A wrong (or right) room password from a client address: every relay of the cluster counts it. */
    static PeerEvent password(boolean right, String from) {
        return new PeerEvent(right ? Type.RIGHT_PASSWORD : Type.WRONG_PASSWORD, null, 0, false, null, null, null, null,
                from);
    }

    /** A stored message told by reference (no payload): whoever receives it reads it from the store by its seq. */
    static PeerEvent reference(String room, long seq, boolean text) {
        return new PeerEvent(Type.STORED, room, seq, text, null, null, null, null, null);
    }

    /** The frame members receive, built from the payload. */
    SharedFrame toFrame() {
        return text ? SharedFrame.text(new String(payload, StandardCharsets.UTF_8)) : SharedFrame.binary(ByteBuffer.wrap(payload));
    }

    byte[] encode() {
        JsonObject h = new JsonObject();
        h.addProperty("t", type.name());
        if (room != null) {
            h.addProperty("room", room);
        }
        if (number != 0) {
            h.addProperty("n", number);
        }
        if (text) {
            h.addProperty("text", true);
        }
        if (claim != null) {
            h.add("claim", claimJson(claim));
        }
        if (rooms != null) {
            JsonArray list = new JsonArray();
            for (RoomState r : rooms) {
                JsonObject o = new JsonObject();
                o.addProperty("room", r.room());
                o.addProperty("seq", r.seq());
                o.addProperty("played", r.played());
                JsonArray members = new JsonArray();
                for (Claim c : r.members()) {
                    members.add(claimJson(c));
                }
                o.add("members", members);
                list.add(o);
            }
            h.add("rooms", list);
        }
        if (from != null) {
            h.addProperty("from", from);
        }
        if (addresses != null) {
            JsonArray list = new JsonArray();
            for (RelayAddress a : addresses) {
                JsonArray pair = new JsonArray();
                pair.add(a.url());
                pair.add(a.fingerprint());
                list.add(pair);
            }
            h.add("addresses", list);
        }
        byte[] header = h.toString().getBytes(StandardCharsets.UTF_8);
        int body = payload == null ? 0 : payload.length;
        ByteBuffer out = ByteBuffer.allocate(4 + header.length + body);
        out.putInt(header.length).put(header);
        if (payload != null) {
            out.put(payload);
        }
        return out.array();
    }

    /** The event in {@code bytes}, or {@code null} for one of a type this relay does not know. */
    static PeerEvent decode(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int headerLength = in.getInt();
        JsonObject h = JsonParser.parseString(new String(bytes, 4, headerLength, StandardCharsets.UTF_8)).getAsJsonObject();
        Type type;
        try {
            type = Type.valueOf(h.get("t").getAsString());
        } catch (IllegalArgumentException e) {
            return null;
        }
        int body = bytes.length - 4 - headerLength;
        byte[] payload = null;
        if (body > 0) {
            payload = new byte[body];
            System.arraycopy(bytes, 4 + headerLength, payload, 0, body);
        }
        List<RoomState> rooms = null;
        if (h.has("rooms")) {
            rooms = new ArrayList<>();
            for (JsonElement e : h.getAsJsonArray("rooms")) {
                JsonObject o = e.getAsJsonObject();
                List<Claim> members = new ArrayList<>();
                for (JsonElement m : o.getAsJsonArray("members")) {
                    members.add(claimOf(m.getAsJsonObject()));
                }
                rooms.add(new RoomState(o.get("room").getAsString(), o.get("seq").getAsLong(),
                        o.get("played").getAsLong(), members));
            }
        }
        List<RelayAddress> addresses = null;
        if (h.has("addresses")) {
            addresses = new ArrayList<>();
            for (JsonElement e : h.getAsJsonArray("addresses")) {
                JsonArray pair = e.getAsJsonArray();
                addresses.add(new RelayAddress(pair.get(0).getAsString(), pair.get(1).getAsString()));
            }
        }
        return new PeerEvent(type, h.has("room") ? h.get("room").getAsString() : null,
                h.has("n") ? h.get("n").getAsLong() : 0, h.has("text") && h.get("text").getAsBoolean(),
                h.has("claim") ? claimOf(h.getAsJsonObject("claim")) : null, payload, rooms, addresses,
                h.has("from") ? h.get("from").getAsString() : null);
    }

    private static JsonObject claimJson(Claim c) {
        JsonObject o = new JsonObject();
        o.addProperty("nick", c.nick());
        o.addProperty("at", c.at());
        o.addProperty("hash", c.hash());
        if (c.replaces() != null) {
            o.addProperty("replaces", c.replaces());
        }
        return o;
    }

    private static Claim claimOf(JsonObject o) {
        return new Claim(o.get("nick").getAsString(), o.get("at").getAsLong(), o.get("hash").getAsString(),
                o.has("replaces") ? o.get("replaces").getAsString() : null);
    }

    private static byte[] bytes(SharedFrame frame) {
        ByteBuffer p = frame.payload();
        byte[] out = new byte[p.remaining()];
        p.get(out);
        return out;
    }
}
