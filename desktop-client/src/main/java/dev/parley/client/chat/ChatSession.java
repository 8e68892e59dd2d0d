package dev.parley.client.chat;

import dev.parley.client.live.JitterBuffer;
import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LivePlayer;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.live.LiveSender;
import dev.parley.client.net.Backoff;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.net.NetworkWatch;
import dev.parley.client.net.RelayConnection;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import dev.parley.protocol.AbortReason;
import javafx.beans.property.BooleanProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One joined room: the connection, the chat model, live voice and the view models of the main window, wired
 * together. Threads: the FX thread; the connection's; {@code parley-audio} (opening and stopping the microphone and
 * the speaker); {@code parley-disk} (clips written as they arrive, read to play, saved); {@code parley-live-player}
 * (live voice to the speaker). Network events reach the model in arrival order through {@code parley-disk} (which
 * keeps each arriving clip first) and then the FX door; live audio goes from the connection straight to the jitter
 * buffer.
 */
public final class ChatSession implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatSession.class);

    private final RelayConnection connection;
    private final ChatModel model;
    private final ChatViewModel chat;
    private final PushToTalkViewModel ptt;
    private final PlaybackViewModel playback;
    private final ScheduledExecutorService scheduler;
    private final UiThread ui;
    private final Clock clock;
    private final ClipCache clips = ClipCache.create();
    /** Opens and stops the microphone and the speaker: never on the FX thread. */
    private final ExecutorService audio = daemon("parley-audio");
    /** Writes arriving clips, reads clips to play, saves clips. */
    private final ExecutorService disk = daemon("parley-disk");
    /** Walkie-talkie mode as the network thread reads it. */
    private final AtomicBoolean autoPlayNow = new AtomicBoolean();
    private final LivePlayer livePlayer;
    private final LiveRoom liveRoom;
    private final NetworkWatch network;
    private ScheduledFuture<?> ticks;

    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted) {
        this(request, ui, scheduler, clock, voice, messages, autoPlay, onUntrusted, PlayedClips.inMemory(),
                () -> LiveSender.DEFAULT_RELEASE_TAIL);
    }

    /**
     * @param played      the clips this person played before (for the "not played" dots of replayed clips)
     * @param releaseTail how long the microphone stays open after push-to-talk is released (read at each release)
     */
    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted,
                       PlayedClips played, Supplier<Duration> releaseTail) {
        this.model = new ChatModel(played);
        this.scheduler = scheduler;
        this.ui = ui;
        this.clock = clock;
        autoPlayNow.set(autoPlay.get());
        autoPlay.addListener((o, was, now) -> autoPlayNow.set(now));
        this.livePlayer = LivePlayer.create(voice, clock, new HeardLive(), this::liveProblem);
        this.liveRoom = new LiveRoom(livePlayer.buffer(), autoPlayNow::get, new LiveCards());
        ChatEvents events = new ChatEvents(model, ui, disk, clock, onUntrusted, clips);
        this.connection = new RelayConnection(request, events, liveRoom, scheduler, new Backoff(new SecureRandom()),
                clock);
        model.nickProperty().set(request.nick());
        model.roomProperty().set(request.room());
        this.chat = new ChatViewModel(model, connection, messages, clock, () -> "c-" + uuid(), request.address().toString());
        this.ptt = new PushToTalkViewModel(voice, connection, model, chat.typingSender(),
                new PushToTalkViewModel.Threads(ui, audio,
                        (delay, task) -> scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS)),
                clock, () -> "v-" + uuid(), releaseTail, messages, chat::setNotice);
        this.playback = new PlaybackViewModel(voice, PlaybackViewModel.Threads.of(ui, audio), liveRoom, autoPlay, chat::setNotice,
                messages.get("playback.noSpeaker"), why -> messages.format("voice.saveFailed", why));
        model.onArrival(playback::arrived);
        this.network = NetworkWatch.ofInterfaces(connection::retryNow);
    }

    private static ExecutorService daemon(String name) {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private static String uuid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    /** Connects and starts the once-a-second tick (typing repeats and expiry, countdowns, the recording timer). */
    public void start() {
        connection.connect();
        network.start(scheduler);
        ticks = scheduler.scheduleAtFixedRate(() -> ui.run(this::tick), ChatViewModel.tickMillis(),
                ChatViewModel.tickMillis(), TimeUnit.MILLISECONDS);
    }

    private void tick() {
        chat.tick();
        ptt.tick();
    }

    private void liveProblem(String sentence) {
        ui.run(() -> chat.setNotice(sentence));
    }

    /** Live streams as the timeline shows them (from the connection's thread, handed to the FX thread). */
    private final class LiveCards implements LiveRoom.Cards {
        @Override
        public void opened(LiveKey stream, boolean heard) {
            ui.run(() -> {
                model.liveOpened(stream, heard, clock.millis());
                if (heard) {
                    playback.liveStarting(stream);
                }
            });
        }

        @Override
        public void audio(LiveKey stream, float peak, long millisSoFar) {
            ui.run(() -> model.liveAudio(stream, peak, millisSoFar));
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            ui.run(() -> model.liveAborted(stream, reason));
        }
    }

    /** What the speaker does with live streams (from the live player's thread, handed to the FX thread). */
    private final class HeardLive implements JitterBuffer.Listener {
        @Override
        public void started(LiveKey stream) {
            ui.run(() -> {
                model.liveHeard(stream, true);
                playback.liveStarting(stream);
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
            ended(stream);
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            ended(stream);
        }

        @Override
        public void stopped(LiveKey stream) {
            ui.run(() -> {
                model.liveStopped(stream); // not heard to its end
                playback.liveEnded(stream);
            });
        }

        private void ended(LiveKey stream) {
            ui.run(() -> {
                model.liveHeard(stream, false);
                playback.liveEnded(stream);
            });
        }
    }

    /** "Retry now": reconnects at once if waiting to reconnect. */
    public void retryNow() {
        connection.retryNow();
    }

    public RelayConnection connection() {
        return connection;
    }

    public ChatModel model() {
        return model;
    }

    public ChatViewModel chat() {
        return chat;
    }

    public PushToTalkViewModel pushToTalk() {
        return ptt;
    }

    public PlaybackViewModel playback() {
        return playback;
    }

    /** The room's live streams (for tests and the live card). */
    public LiveRoom liveRoom() {
        return liveRoom;
    }

    /** Leaves the room: stops playback and recording, closes the connection. Call on the FX thread. */
    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        network.close();
        ptt.close();
        playback.close();
        connection.close();
        livePlayer.close(); // returns at once: its own thread closes the lines
        audio.shutdown();
        disk.execute(clips::close); // after any write, read or save still queued
        disk.shutdown();
    }
}
