package dev.parley.client.testing;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import dev.parley.client.net.RelayAddress;
import dev.parley.protocol.CertificateFingerprint;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.tls.RelayIdentity;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A relay of an older version, for the app's side of protocol negotiation: a TLS WebSocket server on 127.0.0.1
 * (OS-chosen port) with a certificate made as the real relay makes its own, speaking protocol 1 only (PROTOCOL.md):
 * a {@code hello} asking for another version is closed with 4426, one asking for 1 gets a {@code welcome} written
 * as the document shows it; chat and voice are stored with a {@code seq} and echoed to the room, anything of
 * version 2 is refused as a version-1 relay refuses an unknown type or binary header. One room, no password.
 *
 * <p>Keeps every {@code hello} and every frame it received after one, for the test to inspect. {@link
 * #speakUpTo(int)} makes it a relay that was upgraded in place.
 */
public final class OldRelay implements AutoCloseable {
    /** A {@code hello} as received: the version asked for, {@code since} and {@code playedSince} (null when absent). */
    public record Hello(int protocol, String nick, Long since, Long playedSince) {
    }

    /** A binary frame received after {@code hello}: its header's {@code type} and {@code id}, and what followed. */
    public record Binary(String type, String id, byte[] payload) {
    }

    public final List<Hello> hellos = new CopyOnWriteArrayList<>();
    /** Text frames received after {@code hello}, as sent. */
    public final List<String> texts = new CopyOnWriteArrayList<>();
    public final List<Binary> binaries = new CopyOnWriteArrayList<>();
    /** Errors this relay answered with, as sent. */
    public final List<String> errorsSent = new CopyOnWriteArrayList<>();

    private final Server server;
    private final String fingerprint;
    private final CountDownLatch started = new CountDownLatch(1);
    /** Stored messages in seq order: text frames as JSON, voice frames as bytes; index = seq - 1. */
    private final List<Object> stored = new ArrayList<>();
    private volatile int newest = 1;

    public OldRelay(Path dataDir) {
        RelayIdentity identity;
        SSLContext tls;
        try {
            identity = RelayIdentity.loadOrGenerate(dataDir);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity.keyStore(), identity.password());
            tls = SSLContext.getInstance("TLS");
            tls.init(kmf.getKeyManagers(), null, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        fingerprint = CertificateFingerprint.sha256(identity.certificate());
        server = new Server();
        server.setReuseAddr(true);
        server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(tls));
        server.start();
        try {
            if (!started.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the old relay did not start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public RelayAddress address() {
        return new RelayAddress("127.0.0.1", server.getPort());
    }

    public String fingerprint() {
        return fingerprint;
    }

    /** From now on, speaks versions 1 to {@code version} (a relay upgraded in place). */
    public void speakUpTo(int version) {
        newest = version;
    }

    /** Closes every connection with {@code code}, as a relay going away does; keeps listening. */
    public void dropAll(int code, String reason) {
        for (WebSocket c : server.getConnections()) {
            c.close(code, reason);
        }
    }

    /** Protocol versions of every {@code hello}, in order. */
    public List<Integer> askedVersions() {
        return hellos.stream().map(Hello::protocol).toList();
    }

    @Override
    public void close() {
        try {
            server.stop(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- the relay's side

    /** One connection: its nick once joined. */
    private static final class Member {
        String nick;
    }

    private final class Server extends WebSocketServer {
        Server() {
            super(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public void onStart() {
            started.countDown();
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            conn.setAttachment(new Member());
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onMessage(WebSocket conn, String text) {
            Member m = conn.getAttachment();
            JsonObject o = JsonParser.parseString(text).getAsJsonObject();
            String type = o.get("type").getAsString();
            if (m.nick == null) {
                hello(conn, m, o);
                return;
            }
            texts.add(text);
            switch (type) {
                case "chat" -> storeChat(m, o);
                case "typing" -> {
                    // forwarded to nobody: one member is all these tests need
                }
                case "history" -> history(conn, o);
                default -> error(conn, "bad_request", "unknown type \"" + type + "\"", o.get("id"));
            }
        }

        @Override
        public void onMessage(WebSocket conn, ByteBuffer frame) {
            Member m = conn.getAttachment();
            if (m.nick == null) {
                conn.close(4400, "bad hello: the first frame must be a text frame");
                return;
            }
            VoiceFrame.Parts parts;
            try {
                parts = VoiceFrame.split(frame);
            } catch (ProtocolException e) {
                error(conn, "bad_frame", e.getMessage(), null);
                return;
            }
            byte[] payload = new byte[parts.clip().remaining()];
            parts.clip().get(payload);
            JsonObject header = parts.header();
            String type = header.get("type").getAsString();
            JsonElement id = header.get("id");
            binaries.add(new Binary(type, id == null ? null : id.getAsString(), payload));
            if (!type.equals("voice")) {
                // a version-1 relay knows only voice headers in binary frames
                error(conn, "bad_frame", "a binary frame's header must have type \"voice\"", null);
                return;
            }
            WavInfo info;
            try {
                info = Wav.inspect(ByteBuffer.wrap(payload));
            } catch (ProtocolException e) {
                error(conn, "bad_audio", e.getMessage(), id);
                return;
            }
            synchronized (stored) {
                long seq = stored.size() + 1;
                String echo = "{\"type\":\"voice\",\"seq\":" + seq + ",\"id\":" + id + ",\"from\":" + quote(m.nick)
                        + ",\"ts\":" + System.currentTimeMillis() + ",\"durationMs\":" + info.durationMs()
                        + ",\"sampleRate\":" + info.sampleRate() + ",\"channels\":" + info.channels()
                        + ",\"bytes\":" + payload.length + "}";
                ByteBuffer out = VoiceFrame.encode(echo, payload);
                byte[] bytes = new byte[out.remaining()];
                out.get(bytes);
                stored.add(bytes);
                for (WebSocket c : getConnections()) {
                    if (((Member) c.getAttachment()).nick != null) {
                        c.send(bytes);
                    }
                }
            }
        }

        private void hello(WebSocket conn, Member m, JsonObject o) {
            int protocol = o.get("protocol").getAsInt();
            String nick = o.get("nick").getAsString();
            Long since = o.has("since") && !o.get("since").isJsonNull() ? o.get("since").getAsLong() : null;
            Long playedSince = o.has("playedSince") ? o.get("playedSince").getAsLong() : null;
            hellos.add(new Hello(protocol, nick, since, playedSince));
            if (protocol < 1 || protocol > newest) {
                conn.close(4426, "protocol " + protocol + " is not supported; this relay speaks 1 to " + newest);
                return;
            }
            m.nick = nick;
            synchronized (stored) {
                long lastSeq = stored.size();
                // written as PROTOCOL.md shows a welcome, not with this code base's encoder
                conn.send("{\"type\":\"welcome\",\"protocol\":" + protocol + ",\"session\":\"s-old0001\",\"nick\":"
                        + quote(nick) + ",\"room\":" + quote(o.get("room").getAsString()) + ",\"members\":["
                        + quote(nick) + "],\"lastSeq\":" + lastSeq + ",\"limits\":{\"maxTextChars\":4000,"
                        + "\"maxClipBytes\":16777216,\"maxClipMillis\":300000},\"server\":\"parley-relay/0.0.9\"}");
                long from = since == null ? Math.max(0, lastSeq - 50) : since;
                for (long seq = from + 1; seq <= lastSeq; seq++) {
                    sendReplay(conn, seq);
                }
            }
        }

        private void storeChat(Member m, JsonObject o) {
            synchronized (stored) {
                long seq = stored.size() + 1;
                String echo = "{\"type\":\"chat\",\"seq\":" + seq + ",\"id\":" + o.get("id") + ",\"from\":"
                        + quote(m.nick) + ",\"text\":" + o.get("text") + ",\"ts\":" + System.currentTimeMillis() + "}";
                stored.add(echo);
                for (WebSocket c : getConnections()) {
                    if (((Member) c.getAttachment()).nick != null) {
                        c.send(echo);
                    }
                }
            }
        }

        private void history(WebSocket conn, JsonObject o) {
            long before = o.get("before").getAsLong();
            int limit = o.get("limit").getAsInt();
            synchronized (stored) {
                long last = Math.min(before - 1, stored.size());
                long first = Math.max(1, last - limit + 1);
                for (long seq = first; seq <= last; seq++) {
                    sendReplay(conn, seq);
                }
                conn.send("{\"type\":\"history-end\",\"before\":" + before + ",\"count\":" + Math.max(0, last - first + 1)
                        + "}");
            }
        }

        /** Sends stored message {@code seq} marked as replay. */
        private void sendReplay(WebSocket conn, long seq) {
            Object message = stored.get((int) seq - 1);
            if (message instanceof String json) {
                conn.send(json.substring(0, json.length() - 1) + ",\"replay\":true}");
                return;
            }
            ByteBuffer frame = ByteBuffer.wrap((byte[]) message);
            try {
                VoiceFrame.Parts parts = VoiceFrame.split(frame);
                JsonObject header = parts.header();
                header.addProperty("replay", true);
                conn.send(VoiceFrame.encode(header.toString(), parts.clip()));
            } catch (ProtocolException e) {
                throw new IllegalStateException(e);
            }
        }

        private void error(WebSocket conn, String code, String message, JsonElement ref) {
            String json = "{\"type\":\"error\",\"code\":" + quote(code) + ",\"message\":" + quote(message)
                    + (ref == null || ref.isJsonNull() ? "" : ",\"ref\":" + ref) + "}";
            errorsSent.add(json);
            conn.send(json);
        }
    }

    private static String quote(String s) {
        return new JsonPrimitive(s).toString();
    }
}
