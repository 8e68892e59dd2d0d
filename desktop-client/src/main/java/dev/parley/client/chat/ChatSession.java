package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LivePlayer;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.live.LiveSender;
import dev.parley.client.net.Backoff;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.net.NetworkWatch;
import dev.parley.client.net.RelayAddress;
import dev.parley.client.net.RelayConnection;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableBooleanValue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One joined room: the connection, the chat model, live voice and the view models of the main window, wired
 * together. Threads: the FX thread; the connection's; {@code parley-audio} (opening and stopping the microphone and
 * the speaker); {@code parley-disk} (clips written as they arrive, read to play, saved); {@code parley-live-player}
 * (live voice to the speaker). Network and speaker events reach the model through {@link ChatEvents}, in the order
 * they happened; live audio goes from the connection straight to the jitter buffer. The once-a-second tick is the
 * only other hand-over to the FX thread here.
 */
public final class ChatSession implements AutoCloseable {
    private final RelayConnection connection;
    private final ChatModel model;
    private final ChatViewModel chat;
    private final PushToTalkViewModel ptt;
    private final PlaybackViewModel playback;
    private final ScheduledExecutorService scheduler;
    private final UiThread ui;
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
    private final ObservableBooleanValue tellPlayed;
    private final ChangeListener<Boolean> tellPlayedChanged = (o, was, on) -> connection().tellPlayed(on);

    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted) {
        this(request, ui, scheduler, clock, voice, messages, autoPlay, onUntrusted, PlayedClips.inMemory(),
                () -> LiveSender.DEFAULT_RELEASE_TAIL, new SimpleBooleanProperty(true));
    }

    /**
     * @param played      the clips this person played before (for the "not played" dots of replayed clips)
     * @param releaseTail how long the microphone stays open after push-to-talk is released (read at each release)
     * @param tellPlayed  the setting "tell others when I've played their voice messages" (played receipts)
     */
    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted,
                       PlayedClips played, Supplier<Duration> releaseTail, ObservableBooleanValue tellPlayed) {
        this(request, ui, scheduler, clock, voice, messages, autoPlay, onUntrusted, played, releaseTail, tellPlayed,
                address -> Optional.empty());
    }

    /** @param pins the person's trusted relays by address, which failing over to another relay of the cluster keeps to */
    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted,
                       PlayedClips played, Supplier<Duration> releaseTail, ObservableBooleanValue tellPlayed,
                       Function<RelayAddress, Optional<String>> pins) {
        this.model = new ChatModel(played);
        this.scheduler = scheduler;
        this.ui = ui;
        autoPlayNow.set(autoPlay.get());
        autoPlay.addListener((o, was, now) -> autoPlayNow.set(now));
        ChatEvents events = new ChatEvents(model, ui, disk, clock, clips, new Listeners(onUntrusted));
        this.livePlayer = LivePlayer.create(voice, clock, events.speaker(), events::problem);
        this.liveRoom = new LiveRoom(livePlayer.buffer(), autoPlayNow::get, events);
        this.connection = new RelayConnection(request, events, liveRoom, scheduler, new Backoff(new SecureRandom()),
                clock, pins);
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
        PlayedReceiptSender receipts = new PlayedReceiptSender(connection);
        model.onHeardToItsEnd(receipts::heard);
        playback.onHeardToItsEnd(receipts::heard);
        this.tellPlayed = tellPlayed;
        connection.tellPlayed(tellPlayed.get());
        tellPlayed.addListener(tellPlayedChanged);
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

    /** What besides the model hears of network and speaker events (handed over by {@link ChatEvents}). */
    private final class Listeners implements ChatEvents.Listeners {
        private final Consumer<TrustProblem> onUntrusted;

        Listeners(Consumer<TrustProblem> onUntrusted) {
            this.onUntrusted = onUntrusted;
        }

        @Override
        public void untrusted(TrustProblem problem) {
            onUntrusted.accept(problem);
        }

        @Override
        public void liveStarting(LiveKey stream) {
            playback.liveStarting(stream);
        }

        @Override
        public void liveEnded(LiveKey stream) {
            playback.liveEnded(stream);
        }

        @Override
        public void problem(String sentence) {
            chat.setNotice(sentence);
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
        tellPlayed.removeListener(tellPlayedChanged);
        ptt.close();
        playback.close();
        connection.close();
        livePlayer.close(); // returns at once: its own thread closes the lines
        audio.shutdown();
        disk.execute(clips::close); // after any write, read or save still queued
        disk.shutdown();
    }
}
