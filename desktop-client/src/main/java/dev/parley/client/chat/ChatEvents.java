package dev.parley.client.chat;

import dev.parley.client.live.JitterBuffer;
import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.RelayEvents;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.ui.common.UiThread;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The one door from the network and the speaker to the chat model: every event that changes it crosses here, in the
 * order it happened. Each goes through the {@code disk} executor (one thread, where an arriving clip is written to
 * the cache and its waveform computed, off the socket's read thread) and then the {@link UiThread}, and is applied
 * there. A new kind of event is one more method here and one more transition of the {@link ChatModel}.
 *
 * <p>Callers: the connection's threads ({@link RelayEvents}, and through the {@link LiveRoom} its live streams as
 * {@link LiveRoom.Cards}) and the live player's thread ({@link #speaker()}, {@link #problem}). All return at once.
 */
public final class ChatEvents implements RelayEvents, LiveRoom.Cards {
    private static final Logger log = LoggerFactory.getLogger(ChatEvents.class);

    /** What besides the model hears of events, on the FX thread. */
    public interface Listeners {
        /** The relay presented a certificate that is not trusted. */
        void untrusted(TrustProblem problem);

        /** A live message goes to the speaker now. */
        void liveStarting(LiveKey stream);

        /** A live message stopped going to the speaker. */
        void liveEnded(LiveKey stream);

        /** Something the person should be told, as a sentence. */
        void problem(String sentence);
    }

    private final ChatModel model;
    private final UiThread ui;
    private final Executor disk;
    private final Clock clock;
    private final ClipCache clips;
    private final Listeners listeners;
    private final JitterBuffer.Listener speaker = new Speaker();

    /** @param disk runs one task at a time, in order */
    public ChatEvents(ChatModel model, UiThread ui, Executor disk, Clock clock, ClipCache clips, Listeners listeners) {
        this.model = model;
        this.ui = ui;
        this.disk = disk;
        this.clock = clock;
        this.clips = clips;
        this.listeners = listeners;
    }

    // ------------------------------------------------------------------ the relay

    @Override
    public void status(ConnectionStatus status) {
        inOrder(() -> model.status(status));
    }

    @Override
    public void welcome(ServerMessage.Welcome welcome) {
        inOrder(() -> model.welcome(welcome, clock.millis()));
    }

    @Override
    public void stored(ServerMessage.Stored message, byte[] clip) {
        later(() -> {
            ClipData data = clip == null ? null : clips.keep(clip);
            ui.run(() -> model.stored(message, data));
        });
    }

    @Override
    public void typing(ServerMessage.Typing typing) {
        inOrder(() -> model.typing(typing, clock.millis()));
    }

    @Override
    public void presence(ServerMessage.Presence presence) {
        inOrder(() -> model.presence(presence));
    }

    @Override
    public void played(ServerMessage.Played receipt) {
        inOrder(() -> model.played(receipt));
    }

    @Override
    public void historyEnd(ServerMessage.HistoryEnd end) {
        inOrder(() -> model.historyEnd(end));
    }

    @Override
    public void error(ServerMessage.Error error) {
        inOrder(() -> model.error(error));
    }

    @Override
    public void untrusted(TrustProblem problem) {
        inOrder(() -> listeners.untrusted(problem));
    }

    // ------------------------------------------------------------------ others' live streams, from the relay

    @Override
    public void opened(LiveKey stream, boolean heard) {
        inOrder(() -> {
            model.liveOpened(stream, heard, clock.millis());
            if (heard) {
                listeners.liveStarting(stream);
            }
        });
    }

    @Override
    public void audio(LiveKey stream, float peak, long millisSoFar) {
        inOrder(() -> model.liveAudio(stream, peak, millisSoFar));
    }

    @Override
    public void aborted(LiveKey stream, AbortReason reason) {
        inOrder(() -> model.liveAborted(stream, reason));
    }

    // ------------------------------------------------------------------ the speaker

    /** What the speaker does with live streams, for the live player. */
    public JitterBuffer.Listener speaker() {
        return speaker;
    }

    /** The speaker failed (a sentence for people), for the live player. */
    public void problem(String sentence) {
        inOrder(() -> listeners.problem(sentence));
    }

    private final class Speaker implements JitterBuffer.Listener {
        @Override
        public void started(LiveKey stream) {
            inOrder(() -> {
                model.liveHeard(stream, true);
                listeners.liveStarting(stream);
            });
        }

        @Override
        public void underrun(LiveKey stream) {
            log.debug("{} ran dry; re-buffering", stream);
        }

        @Override
        public void dropped(LiveKey stream, int bytes) {
            log.debug("{}: dropped {} bytes of late audio to stay live", stream, bytes);
        }

        @Override
        public void finished(LiveKey stream) {
            inOrder(() -> {
                model.livePlayedOut(stream);
                listeners.liveEnded(stream);
            });
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            ended(stream);
        }

        @Override
        public void stopped(LiveKey stream) {
            inOrder(() -> {
                model.liveStopped(stream); // not heard to its end
                listeners.liveEnded(stream);
            });
        }

        private void ended(LiveKey stream) {
            inOrder(() -> {
                model.liveHeard(stream, false);
                listeners.liveEnded(stream);
            });
        }
    }

    // ------------------------------------------------------------------ the door

    /** Hands {@code change} to the FX thread behind everything that arrived before it. */
    private void inOrder(Runnable change) {
        later(() -> ui.run(change));
    }

    private void later(Runnable task) {
        try {
            disk.execute(task);
        } catch (RejectedExecutionException e) {
            log.debug("the session is closed; dropping a late event");
        }
    }
}
