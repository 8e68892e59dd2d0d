package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.WavInfo;
import dev.parley.relay.RelayEvents;
import dev.parley.relay.store.MessageStore;
import dev.parley.relay.store.NewMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Live voice (protocol 2): a speaker's {@code voice-start}, chunks and {@code voice-end} or {@code voice-cancel}.
 * Chunks are forwarded at once to the room's members that speak version 2; at the end the PCM becomes one WAV, checked
 * and stored like a clip sent whole, so the stored message is the same either way.
 *
 * <p>Rules: at most one open stream per connection; chunks numbered 0, 1, 2... in order; every {@code error} whose
 * {@code ref} is the open stream's id ends that stream (listeners get {@code voice-abort}, nothing is stored); so do
 * the speaker's leaving and {@link #idleTimeout} without a chunk. All stream state is guarded by the room's monitor.
 */
final class LiveVoice {
    private static final Logger log = LoggerFactory.getLogger(LiveVoice.class);

    private final Limits limits;
    private final MessageStore store;
    private final ScheduledExecutorService timers;
    private final Duration idleTimeout;
    private final Clock clock;
    private final RelayEvents events;
    /** Streams open now, all rooms together (changed under the room's monitor, read by metrics). */
    private final AtomicInteger open = new AtomicInteger();

    /**
     * @param timers runs the idle checks
     * @param clock  the relay's clock, which the idle timeout is measured on
     * @param events hears of every stream started and every error sent
     */
    LiveVoice(Limits limits, MessageStore store, ScheduledExecutorService timers, Duration idleTimeout, Clock clock,
              RelayEvents events) {
        this.limits = limits;
        this.events = events;
        this.store = store;
        this.timers = timers;
        this.idleTimeout = idleTimeout;
        this.clock = clock;
    }

    void start(Session s, ClientMessage.VoiceStart m) {
        Room room = s.room();
        synchronized (room) {
            if (s.live != null) {
                String open = s.live.id();
                error(s, ErrorCode.BAD_REQUEST, open.equals(m.id())
                        ? "stream \"" + open + "\" was already started; it is ended and nothing was stored"
                        : "stream \"" + open + "\" is still open on this connection: end or cancel it first", m.id());
                return;
            }
            LiveStream stream = new LiveStream(s, m, limits.maxClipBytes(), clock.millis());
            s.live = stream;
            room.streams.add(stream);
            open.incrementAndGet();
            events.liveStreamStarted();
            if (s.typing != TypingState.RECORDING) {
                s.typing = TypingState.RECORDING;
                room.sendTyping(s, Frames.typing(s.nick(), TypingState.RECORDING));
            }
            room.sendLive(s, SharedFrame.text(ServerCodec.encode(voiceStart(stream, 0))));
            scheduleIdleCheck(stream, idleTimeout.toMillis());
        }
        log.debug("live: {} started {} in room {}", s.nick(), m.id(), room.name);
    }

    void chunk(Session s, ClientMessage.VoiceChunk header, ByteBuffer pcm) {
        Room room = s.room();
        synchronized (room) {
            LiveStream stream = s.live;
            String id = header.id();
            if (stream == null || !stream.id().equals(id)) {
                error(s, ErrorCode.BAD_REQUEST, "chunk for stream \"" + id + "\", which is not open on this connection", id);
                return;
            }
            int bytes = pcm.remaining();
            if (header.n() != stream.nextN()) {
                error(s, ErrorCode.BAD_REQUEST, "chunk " + header.n() + " arrived where chunk " + stream.nextN()
                        + " was due; the stream is ended and nothing was stored", id);
            } else if (bytes == 0 || bytes % stream.frameBytes() != 0) {
                error(s, ErrorCode.BAD_AUDIO, "chunk of " + bytes + " bytes is not a whole, non-zero number of "
                        + stream.frameBytes() + "-byte sample frames", id);
            } else if (!s.allowVoiceBytes(bytes)) {
                error(s, ErrorCode.RATE_LIMITED, "too much voice; slow down and send the clip again", id);
            } else if (stream.clipBytesWith(bytes) > limits.maxClipBytes()) {
                error(s, ErrorCode.TOO_LARGE, "stream passed " + limits.maxClipBytes()
                        + " bytes as a clip, the limit; it is ended and nothing was stored", id);
            } else if (stream.millisWith(bytes) > limits.maxClipMillis()) {
                error(s, ErrorCode.TOO_LARGE, "stream passed " + limits.maxClipMillis()
                        + " ms, the limit; it is ended and nothing was stored", id);
            } else {
                stream.append(pcm, clock.millis());
                if (room.hasListeners(s)) {
                    room.sendLive(s, SharedFrame.voice(stream.chunkHeader(header.n()), pcm));
                }
            }
        }
    }

    void end(Session s, ClientMessage.VoiceEnd m) {
        LiveStream stream = detachIfOpen(s, m.id());
        if (stream == null) {
            return;
        }
        byte[] clip = stream.toWav();
        WavInfo info;
        try {
            info = ClipCheck.check(ByteBuffer.wrap(clip), limits, m.id());
        } catch (ProtocolException e) {
            synchronized (s.room()) {
                aborted(s, m.id(), e.code() == ErrorCode.TOO_LARGE ? AbortReason.TOO_LARGE : AbortReason.REFUSED);
            }
            error(s, e.code(), e.getMessage(), m.id());
            return;
        }
        log.debug("live: {} ended {} ({} ms)", s.nick(), m.id(), info.durationMs());
        store.append(NewMessage.voice(s.room().name, s.nick(), m.id(), clip, info), new Delivery(s, this, m.id()));
    }

    void cancel(Session s, ClientMessage.VoiceCancel m) {
        if (detachIfOpen(s, m.id()) != null) {
            synchronized (s.room()) {
                aborted(s, m.id(), AbortReason.CANCELLED);
            }
        }
    }

    /** The speaker's connection closed: its open stream, if any, is interrupted. Call holding the room's monitor. */
    void closed(Session s) {
        LiveStream stream = s.live;
        if (stream != null) {
            detach(stream);
            aborted(s, stream.id(), AbortReason.INTERRUPTED);
        }
    }

    /** A member joined: one that hears live voice learns of the streams open now. Call holding the room's monitor. */
    void joined(Session s) {
        if (!s.hearsLive()) {
            return;
        }
        for (LiveStream stream : s.room().streams) {
            s.member().sendText(ServerCodec.encode(voiceStart(stream, stream.millis())));
        }
    }

    /**
     * Sends {@code s} a recoverable error; an error about its open stream ends that stream (the speaker is told once,
     * by this error; listeners get {@code voice-abort}).
     */
    void error(Session s, ErrorCode code, String message, String ref) {
        Room room = s.room();
        if (ref != null && room != null) {
            synchronized (room) {
                LiveStream stream = s.live;
                if (stream != null && stream.id().equals(ref)) {
                    detach(stream);
                    aborted(s, ref, code == ErrorCode.TOO_LARGE ? AbortReason.TOO_LARGE : AbortReason.REFUSED);
                }
            }
        }
        log.debug("error to {}: {} {}", s.nick(), code.wire(), message);
        events.refused(RelayEvents.Refusal.of(code));
        s.member().sendText(ServerCodec.encode(new ServerMessage.Error(code, message, ref)));
    }

    /** Tells listeners that stream {@code id} of {@code s} ended unstored; ends its implied recording. Holding the monitor. */
    void aborted(Session s, String id, AbortReason reason) {
        Room room = s.room();
        room.sendLive(s, Frames.abort(id, s.nick(), reason));
        if (s.typing != TypingState.IDLE) {
            s.typing = TypingState.IDLE;
            room.sendTyping(s, Frames.typing(s.nick(), TypingState.IDLE));
        }
        log.debug("live: {}'s stream {} aborted ({})", s.nick(), id, reason.wire());
    }

    /** The open stream {@code id} of {@code s}, now closed to chunks; or {@code null} after telling {@code s} it is not open. */
    private LiveStream detachIfOpen(Session s, String id) {
        synchronized (s.room()) {
            LiveStream stream = s.live;
            if (stream != null && stream.id().equals(id)) {
                detach(stream);
                return stream;
            }
        }
        error(s, ErrorCode.BAD_REQUEST, "stream \"" + id + "\" is not open on this connection", id);
        return null;
    }

    /** Streams open now, all rooms together. */
    int open() {
        return open.get();
    }

    private void detach(LiveStream stream) {
        Session s = stream.speaker;
        s.live = null;
        if (s.room().streams.remove(stream)) {
            open.decrementAndGet();
        }
        if (stream.idleTimer != null) {
            stream.idleTimer.cancel(false);
        }
    }

    /** Checks, {@code delayMillis} from now, whether the stream went {@link #idleTimeout} without a chunk. */
    private void scheduleIdleCheck(LiveStream stream, long delayMillis) {
        stream.idleTimer = timers.schedule(() -> idleCheck(stream), delayMillis, TimeUnit.MILLISECONDS);
    }

    private void idleCheck(LiveStream stream) {
        Session s = stream.speaker;
        synchronized (s.room()) {
            if (s.live != stream) {
                return;
            }
            long quiet = clock.millis() - stream.lastChunkMillis();
            if (quiet < idleTimeout.toMillis()) {
                scheduleIdleCheck(stream, idleTimeout.toMillis() - quiet);
                return;
            }
            detach(stream);
            aborted(s, stream.id(), AbortReason.TIMEOUT);
        }
        error(s, ErrorCode.BAD_REQUEST, "no chunk for " + idleTimeout.toMillis()
                + " ms; the stream is ended and nothing was stored", stream.id());
    }

    private static ServerMessage.VoiceStart voiceStart(LiveStream stream, long startMs) {
        ClientMessage.VoiceStart f = stream.format;
        return new ServerMessage.VoiceStart(f.id(), stream.speaker.nick(), f.codec(), f.sampleRate(), f.channels(), startMs);
    }
}
