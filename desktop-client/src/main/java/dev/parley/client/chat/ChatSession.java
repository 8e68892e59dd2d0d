package dev.parley.client.chat;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.net.Backoff;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.net.NetworkWatch;
import dev.parley.client.net.RelayConnection;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.UiThread;
import javafx.beans.property.BooleanProperty;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** One joined room: the connection, the chat model and the view models of the main window, wired together. */
public final class ChatSession implements AutoCloseable {
    private final RelayConnection connection;
    private final ChatModel model;
    private final ChatViewModel chat;
    private final PushToTalkViewModel ptt;
    private final PlaybackViewModel playback;
    private final ScheduledExecutorService scheduler;
    private final UiThread ui;
    private final ClipCache clips = ClipCache.create();
    /** Opens and stops the microphone, reads clips to play and writes clips to save: never on the FX thread. */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "parley-audio");
        t.setDaemon(true);
        return t;
    });
    private final NetworkWatch network;
    private ScheduledFuture<?> ticks;

    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted) {
        this(request, ui, scheduler, clock, voice, messages, autoPlay, onUntrusted, PlayedClips.inMemory());
    }

    /** @param played the clips this person played before (for the "not played" dots of replayed clips) */
    public ChatSession(JoinRequest request, UiThread ui, ScheduledExecutorService scheduler, Clock clock,
                       VoiceIo voice, Messages messages, BooleanProperty autoPlay, Consumer<TrustProblem> onUntrusted,
                       PlayedClips played) {
        this.model = new ChatModel(played);
        this.scheduler = scheduler;
        this.ui = ui;
        ChatEvents events = new ChatEvents(model, ui, clock, onUntrusted, clips);
        this.connection = new RelayConnection(request, events, scheduler, new Backoff(new SecureRandom()), clock);
        model.nickProperty().set(request.nick());
        model.roomProperty().set(request.room());
        this.chat = new ChatViewModel(model, connection, messages, clock, () -> "c-" + uuid(), request.address().toString());
        this.ptt = new PushToTalkViewModel(voice, connection, model, chat.typingSender(), ui, background, clock, () -> "v-" + uuid(),
                messages, chat::setNotice);
        this.playback = new PlaybackViewModel(voice, ui, background, autoPlay, chat::setNotice,
                messages.get("playback.noSpeaker"), why -> messages.format("voice.saveFailed", why));
        model.onArrival(playback::arrived);
        this.network = NetworkWatch.ofInterfaces(connection::retryNow);
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

    /** Leaves the room: stops playback and recording, closes the connection. Call on the FX thread. */
    @Override
    public void close() {
        if (ticks != null) {
            ticks.cancel(false);
        }
        network.close();
        ptt.cancel();
        playback.stop();
        connection.close();
        background.execute(clips::close); // after any read or save still queued
        background.shutdown();
    }
}
