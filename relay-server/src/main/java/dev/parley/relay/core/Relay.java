package dev.parley.relay.core;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.CloseCodes;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Names;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.PasswordBan;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.NewMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The relay's rules, independent of sockets: hello, rooms, members, storing and forwarding chat and voice,
 * typing, presence, replay and history, limits and rate limits. The socket edge calls {@link #open},
 * {@link #onText}, {@link #onBinary} and {@link #onClose}; calls for one session come in order from one thread.
 */
public final class Relay {
    private static final Logger log = LoggerFactory.getLogger(Relay.class);
    static final String SERVER = "parley-relay/0.1";

    private final RelayConfig config;
    private final MessageStore store;
    private final ScheduledExecutorService timers;
    private final Executor readers;
    private final PasswordGuard guard;
    private final LiveVoice live;
    private final ConcurrentMap<String, Room> rooms = new ConcurrentHashMap<>();
    private final AtomicLong sessions = new AtomicLong();
    private final AtomicInteger online = new AtomicInteger();
    private volatile Runnable onlineListener = () -> { };
    private volatile boolean accepting = true;

    /**
     * @param timers  runs the hello timeouts and replay back-off
     * @param readers runs replay and history reads (disk)
     */
    public Relay(RelayConfig config, MessageStore store, ScheduledExecutorService timers, Executor readers) {
        this.config = config;
        this.store = store;
        this.timers = timers;
        this.readers = readers;
        this.guard = new PasswordGuard(config.passwordBan(), config.clock());
        this.live = new LiveVoice(config.limits(), store, timers, config.liveIdleTimeout(), System::nanoTime);
    }

    /** A new connection finished its handshakes: it has {@code helloTimeout} to say hello. */
    public Session open(Member member) {
        String id = "s-" + Long.toHexString(System.nanoTime() & 0xffffff) + Long.toHexString(sessions.incrementAndGet());
        Session s = new Session(member, id, config.rateLimits(), config.limits().maxClipBytes(), config.clock());
        s.helloTimer = timers.schedule(() -> {
            if (s.state == Session.State.AWAITING_HELLO) {
                refuse(s, CloseCodes.HELLO_TIMEOUT, "no hello within " + config.helloTimeout().toMillis() + " ms");
            }
        }, config.helloTimeout().toMillis(), TimeUnit.MILLISECONDS);
        return s;
    }

    /** Members joined, all rooms together. */
    public int online() {
        return online.get();
    }

    /** Runs {@code listener} after every join and leave (on the thread of the change): read {@link #online()}. */
    public void onOnlineChanged(Runnable listener) {
        this.onlineListener = listener;
    }

    /** Stops admitting new members (shutdown); members present stay until closed. */
    public void stopAccepting() {
        accepting = false;
    }

    public void onText(Session s, String text) {
        if (s.state == Session.State.CLOSING || s.state == Session.State.CLOSED) {
            return;
        }
        if (utf8Length(text) > Protocol.MAX_TEXT_FRAME_BYTES) {
            refuse(s, CloseCodes.TOO_BIG, "text frame over " + Protocol.MAX_TEXT_FRAME_BYTES + " bytes");
            return;
        }
        if (s.state == Session.State.AWAITING_HELLO) {
            onFirstFrame(s, text);
            return;
        }
        ClientMessage message;
        try {
            message = ClientCodec.decode(text, config.limits());
        } catch (ProtocolException e) {
            if (e.closeCode() != 0) {
                error(s, ErrorCode.BAD_REQUEST, "hello was already received", null);
            } else {
                error(s, e.code(), e.getMessage(), e.ref());
            }
            return;
        }
        if (!s.allowMessage()) {
            error(s, ErrorCode.RATE_LIMITED, "too many messages; slow down and retry", refOf(message));
            return;
        }
        if (message instanceof ClientMessage.Hello) {
            error(s, ErrorCode.BAD_REQUEST, "hello was already received", null);
        } else if (message instanceof ClientMessage.Chat c) {
            store.append(NewMessage.chat(s.room().name, s.nick(), c.id(), c.text()), new Delivery(s));
        } else if (message instanceof ClientMessage.Typing t) {
            typing(s, t.state());
        } else if (message instanceof ClientMessage.History h) {
            readers.execute(() -> Replay.history(store, s, h.before(), h.limit()));
        } else if (!s.hearsLive() && isLive(message)) {
            notLive(s, message);
        } else if (message instanceof ClientMessage.VoiceStart v) {
            live.start(s, v);
        } else if (message instanceof ClientMessage.VoiceEnd v) {
            live.end(s, v);
        } else if (message instanceof ClientMessage.VoiceCancel v) {
            live.cancel(s, v);
        } else {
            error(s, ErrorCode.BAD_REQUEST, "this message travels in a binary frame", refOf(message));
        }
    }

    public void onBinary(Session s, ByteBuffer frame) {
        if (s.state == Session.State.CLOSING || s.state == Session.State.CLOSED) {
            return;
        }
        if (s.state == Session.State.AWAITING_HELLO) {
            refuse(s, CloseCodes.BAD_HELLO, "the first frame must be a hello text frame");
            return;
        }
        String ref = null;
        try {
            VoiceFrame.Parts parts = VoiceFrame.split(frame);
            ClientMessage header = ClientCodec.decodeBinaryHeader(parts.header());
            if (header instanceof ClientMessage.VoiceChunk chunk) {
                if (s.hearsLive()) {
                    live.chunk(s, chunk, parts.clip());
                } else {
                    notLive(s, chunk);
                }
                return;
            }
            ClientMessage.Voice voice = (ClientMessage.Voice) header;
            ref = voice.id();
            ByteBuffer clip = parts.clip();
            if (!s.allowMessage() || !s.allowVoiceBytes(clip.remaining())) {
                throw new ProtocolException(ErrorCode.RATE_LIMITED, "too many clips; slow down and retry", ref);
            }
            WavInfo info = ClipCheck.check(clip, config.limits(), ref);
            byte[] bytes = new byte[clip.remaining()];
            clip.get(bytes);
            store.append(NewMessage.voice(s.room().name, s.nick(), voice.id(), bytes, info), new Delivery(s));
        } catch (ProtocolException e) {
            error(s, e.code(), e.getMessage(), e.ref() != null ? e.ref() : ref);
        }
    }

    private static boolean isLive(ClientMessage m) {
        return m instanceof ClientMessage.VoiceStart || m instanceof ClientMessage.VoiceChunk
                || m instanceof ClientMessage.VoiceEnd || m instanceof ClientMessage.VoiceCancel;
    }

    private void notLive(Session s, ClientMessage m) {
        error(s, ErrorCode.BAD_REQUEST, "live voice needs protocol " + Protocol.VERSION_2 + "; this connection speaks "
                + s.protocol(), refOf(m));
    }

    /** The connection closed, for whatever reason: a joined session leaves its room (its nick is free at once). */
    public void onClose(Session s, int code, String reason) {
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
            live.closed(s);
            if (accepting) {
                if (s.typing != TypingState.IDLE) {
                    s.typing = TypingState.IDLE;
                    room.sendToOthers(s, SharedFrame.text(ServerCodec.encode(
                            new ServerMessage.Typing(s.nick(), TypingState.IDLE))));
                }
                room.sendToOthers(s, SharedFrame.text(ServerCodec.encode(
                        new ServerMessage.Presence(ServerMessage.Presence.Event.LEAVE, s.nick(), room.nicks()))));
            }
            // else the relay is shutting down and closing everyone with 1001: a leave that reached someone before their
            // own close would tell them this member left the room, when it was the relay that went away
        }
        online.decrementAndGet();
        onlineListener.run();
        log.info("leave: {} left room {} (close {}{}, {})", s.nick(), room.name, code,
                reason == null || reason.isEmpty() ? "" : " " + reason, s.member().remote());
    }

    private void onFirstFrame(Session s, String text) {
        ClientMessage first;
        try {
            first = ClientCodec.decode(text, config.limits());
        } catch (ProtocolException e) {
            refuse(s, e.closeCode() != 0 ? e.closeCode() : CloseCodes.BAD_HELLO, e.getMessage());
            return;
        }
        if (!(first instanceof ClientMessage.Hello hello)) {
            refuse(s, CloseCodes.BAD_HELLO, "the first frame must be hello");
            return;
        }
        s.helloTimer.cancel(false);
        if (config.password() != null && !passwordAccepted(s, hello.password())) {
            return;
        }
        if (!accepting) {
            refuse(s, CloseCodes.GOING_AWAY, "relay shutting down");
            return;
        }
        join(s, hello);
    }

    private void join(Session s, ClientMessage.Hello hello) {
        Room room = rooms.computeIfAbsent(hello.room(), name -> new Room(name, store.lastSeq(name)));
        String key = Names.nickKey(hello.nick());
        long upTo;
        synchronized (room) {
            if (room.has(key)) {
                refuse(s, CloseCodes.NICK_TAKEN, "nick \"" + hello.nick() + "\" is already in room " + room.name);
                return;
            }
            s.join(hello.nick(), key, room, hello.protocol());
            upTo = room.lastSeq;
            room.add(s);
            s.member().sendText(ServerCodec.encode(new ServerMessage.Welcome(hello.protocol(), s.id(), hello.nick(),
                    room.name, room.nicks(), upTo, config.limits(), SERVER)));
            room.sendToOthers(s, SharedFrame.text(ServerCodec.encode(
                    new ServerMessage.Presence(ServerMessage.Presence.Event.JOIN, hello.nick(), room.nicks()))));
            live.joined(s);
        }
        online.incrementAndGet();
        onlineListener.run();
        log.info("join: {} joined room {} ({} member(s), since {}, {}{})", hello.nick(), room.name, room.size(),
                hello.since() == null ? "-" : hello.since(), s.member().remote(),
                hello.client() == null ? "" : ", " + hello.client());
        readers.execute(new Replay(store, s, hello.since(), upTo, config.maxBufferedBytes() / 4, timers, readers));
    }

    private void typing(Session s, TypingState state) {
        Room room = s.room();
        synchronized (room) {
            s.typing = state;
            room.sendToOthers(s, SharedFrame.text(ServerCodec.encode(new ServerMessage.Typing(s.nick(), state))));
        }
    }

    /** Checks the room password, refusing the session (4401, or 4429 for an address that keeps guessing) if not. */
    private boolean passwordAccepted(Session s, String given) {
        String address = s.member().address();
        long bannedFor = guard.bannedForMillis(address);
        if (bannedFor > 0) {
            refuse(s, CloseCodes.TOO_MANY_ATTEMPTS, "too many wrong passwords from " + address + "; try again in "
                    + Math.max(1, (bannedFor + 999) / 1000) + " s");
            return false;
        }
        if (passwordMatches(given)) {
            guard.succeeded(address);
            return true;
        }
        if (given != null && guard.failed(address)) {
            PasswordBan rule = config.passwordBan();
            log.info("banned: {} sent {} wrong passwords within {} s; refused for {} s", address, rule.maxFailures(),
                    rule.window().toSeconds(), rule.ban().toSeconds());
        }
        refuse(s, CloseCodes.WRONG_PASSWORD, given == null ? "password required" : "wrong password");
        return false;
    }

    private boolean passwordMatches(String given) {
        return given != null && MessageDigest.isEqual(config.password().getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }

    private void refuse(Session s, int code, String reason) {
        log.info("refused: {} closed with {} ({})", s.member().remote(), code, reason);
        s.state = Session.State.CLOSING;
        s.member().close(code, reason);
    }

    private void error(Session s, ErrorCode code, String message, String ref) {
        live.error(s, code, message, ref);
    }

    private static String refOf(ClientMessage m) {
        if (m instanceof ClientMessage.Chat c) {
            return c.id();
        } else if (m instanceof ClientMessage.Voice v) {
            return v.id();
        } else if (m instanceof ClientMessage.VoiceStart v) {
            return v.id();
        } else if (m instanceof ClientMessage.VoiceChunk v) {
            return v.id();
        } else if (m instanceof ClientMessage.VoiceEnd v) {
            return v.id();
        }
        return m instanceof ClientMessage.VoiceCancel v ? v.id() : null;
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
