package dev.parley.bench.socketio;

import com.google.gson.JsonParser;
import dev.parley.bench.socketio.Packets.EngineType;
import dev.parley.bench.socketio.Packets.Packet;
import dev.parley.bench.socketio.Packets.SocketType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PacketsTest {
    @Test
    void theServersOpenPacketGivesItsSessionAndHeartbeat() {
        Packets.Open open = Packets.open(
                "0{\"sid\":\"lv_VI97HAXpY6yYWAAAC\",\"upgrades\":[],\"pingInterval\":25000,\"pingTimeout\":20000,"
                        + "\"maxPayload\":1000000}");
        assertEquals(new Packets.Open("lv_VI97HAXpY6yYWAAAC", 25000, 20000, 1000000), open);
    }

    @Test
    void anOpenPacketIsRequiredWhereOneIsExpected() {
        assertThrows(IllegalArgumentException.class, () -> Packets.open("40"));
        assertThrows(IllegalArgumentException.class, () -> Packets.open("0{\"sid\":\"x\"}"));
        assertThrows(IllegalArgumentException.class, () -> Packets.open("0not json"));
    }

    @Test
    void pingPongCloseAndNoopAreEngineIoPacketsWithoutASocketIoPart() {
        assertEquals(EngineType.PING, Packets.decode(Packets.PING).engine());
        assertEquals(EngineType.PONG, Packets.decode(Packets.PONG).engine());
        assertEquals("2", Packets.PING);
        assertEquals("3", Packets.PONG);
        Packet close = Packets.decode("1");
        assertEquals(EngineType.CLOSE, close.engine());
        assertNull(close.socket());
        assertEquals("", close.data());
        assertEquals(EngineType.NOOP, Packets.decode("6").engine());
        assertEquals("probe", Packets.decode("2probe").data());
    }

    @Test
    void connectingToANamespaceAndTheServersAnswer() {
        assertEquals("40", Packets.connect("/"));
        assertEquals("40/admin,", Packets.connect("/admin"));
        Packet ok = Packets.decode("40{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}");
        assertEquals(new Packet(EngineType.MESSAGE, SocketType.CONNECT, "/", -1, "{\"sid\":\"wZX3oN0bSVIhsaknAAAI\"}"), ok);
        Packet refused = Packets.decode("44/admin,{\"message\":\"Invalid namespace\"}");
        assertEquals(SocketType.CONNECT_ERROR, refused.socket());
        assertEquals("/admin", refused.namespace());
        assertEquals("{\"message\":\"Invalid namespace\"}", refused.data());
        assertEquals(SocketType.DISCONNECT, Packets.decode("41").socket());
        assertEquals(new Packet(EngineType.MESSAGE, SocketType.CONNECT, "/admin", -1, ""), Packets.decode("40/admin,"));
    }

    @Test
    void anEventIsANameAndItsArgumentsAsOneJsonArray() {
        String frame = Packets.event("chat", "{\"id\":\"0.1.123\",\"text\":\"hi\"}");
        assertEquals("42[\"chat\",{\"id\":\"0.1.123\",\"text\":\"hi\"}]", frame);
        assertEquals("42[\"chat\",", Packets.eventPrefix("chat"));
        Packet p = Packets.decode(frame);
        assertEquals(EngineType.MESSAGE, p.engine());
        assertEquals(SocketType.EVENT, p.socket());
        assertEquals("/", p.namespace());
        assertEquals(-1, p.ackId());
        assertEquals("chat", p.eventName());
        assertEquals(JsonParser.parseString("{\"id\":\"0.1.123\",\"text\":\"hi\"}"),
                JsonParser.parseString(p.eventArgument(0)));
    }

    @Test
    void namesAreJsonEscaped() {
        String frame = Packets.event("say \"hi\"\\", "1");
        assertEquals("42[\"say \\\"hi\\\"\\\\\",1]", frame);
        assertEquals("say \"hi\"\\", Packets.decode(frame).eventName());
        assertEquals("\"a\\nb\"", Packets.quote("a\nb"));
    }

    @Test
    void anEventMayCarryANamespaceAndAnAckId() {
        Packet p = Packets.decode("42/admin,17[\"welcome\",{\"room\":\"r\"},2]");
        assertEquals("/admin", p.namespace());
        assertEquals(17, p.ackId());
        assertEquals("welcome", p.eventName());
        assertEquals("2", p.eventArgument(1));
        Packet ack = Packets.decode("4317[\"ok\"]");
        assertEquals(SocketType.ACK, ack.socket());
        assertEquals(17, ack.ackId());
        assertEquals("[\"ok\"]", ack.data());
    }

    @Test
    void aBinaryEventSkipsItsAttachmentCount() {
        Packet p = Packets.decode("451-[\"upload\",{\"_placeholder\":true,\"num\":0}]");
        assertEquals(SocketType.BINARY_EVENT, p.socket());
        assertEquals("upload", p.eventName());
        assertEquals(SocketType.BINARY_ACK, Packets.decode("461-/admin,3[{\"_placeholder\":true,\"num\":0}]").socket());
    }

    @Test
    void malformedPacketsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Packets.decode(""));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("9"));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("4"));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("47[]"));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("42[\"chat\""));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("42{\"not\":\"an array\"}"));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("42[]"));
        assertThrows(IllegalArgumentException.class, () -> Packets.decode("451[\"no dash\"]"));
        assertThrows(IllegalStateException.class, () -> Packets.decode("40").eventName());
    }
}
