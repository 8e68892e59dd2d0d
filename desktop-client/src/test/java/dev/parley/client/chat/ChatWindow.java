package dev.parley.client.chat;

import dev.parley.client.live.JitterBuffer;
import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LiveRoom;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.ConnectionStatus;
import dev.parley.client.net.TrustProblem;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.FakeSender;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.MutableClock;
import dev.parley.client.ui.common.FxUiThread;
import dev.parley.client.ui.common.Messages;
import dev.parley.client.ui.common.Themes;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;

import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * The chat screen on its own, for journeys the real app cannot be put through: a clock the test moves by hand, and
 * relay answers the test writes (refusals a well-behaved app never provokes). The relay's events cross to the FX
 * thread through the real door ({@link ChatEvents}); what the screen sends is recorded by a {@link FakeSender};
 * the session's once-a-second tick is {@link #tick()}.
 */
final class ChatWindow implements AutoCloseable {
    final MutableClock clock;
    final FakeSender sender = new FakeSender();
    final ChatModel model = new ChatModel();
    final ChatEvents events;
    final FxRobot robot = new FxRobot();
    private final ExecutorService disk = Executors.newSingleThreadExecutor();
    private final ClipCache clips = ClipCache.create();
    private final AtomicInteger ids = new AtomicInteger();
    private ChatViewModel chat;
    private Stage stage;

    private ChatWindow(MutableClock clock) {
        this.clock = clock;
        this.events = new ChatEvents(model, new FxUiThread(), disk, clock, clips, new ChatEvents.Listeners() {
            @Override
            public void untrusted(TrustProblem problem) {
            }

            @Override
            public void liveStarting(LiveKey stream) {
            }

            @Override
            public void liveEnded(LiveKey stream) {
            }

            @Override
            public void problem(String sentence) {
            }
        });
    }

    /** Shows the screen of "alice" in room "lobby", with the clock at {@code startMillis} and words of {@code locale}. */
    static ChatWindow open(long startMillis, Locale locale, boolean dark) throws Exception {
        return open(startMillis, locale, dark, new ServerMessage.Welcome(2, "s", "alice", "lobby",
                List.of("alice", "bob"), 0, Limits.DEFAULTS, "test"));
    }

    /** The same, joined with {@code welcome} (its nick is this window's, "alice" unless it says otherwise). */
    static ChatWindow open(long startMillis, Locale locale, boolean dark, ServerMessage.Welcome welcome)
            throws Exception {
        ChatWindow w = new ChatWindow(new MutableClock(startMillis));
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> w.show(stage, locale, dark));
        w.events.welcome(welcome);
        w.events.status(new ConnectionStatus(ConnectionState.JOINED, 0, null));
        await().atMost(AppHarness.WAIT)
                .until(() -> AppHarness.fx(() -> w.model.members().size() == welcome.members().size()));
        return w;
    }

    private void show(Stage stage, Locale locale, boolean dark) {
        this.stage = stage;
        Messages messages = new Messages(locale);
        FakeVoiceIo io = new FakeVoiceIo();
        chat = new ChatViewModel(model, sender, messages, clock, () -> "c-" + ids.incrementAndGet(), "wss://relay:1");
        PushToTalkViewModel ptt = new PushToTalkViewModel(io, sender, model, chat.typingSender(),
                new PushToTalkViewModel.Threads(Runnable::run, Runnable::run, (d, task) -> new CompletableFuture<>()),
                clock, () -> "v-" + ids.incrementAndGet(), () -> Duration.ZERO, messages, chat::setNotice);
        SimpleBooleanProperty autoPlay = new SimpleBooleanProperty();
        LiveRoom room = new LiveRoom(new JitterBuffer((key, format, pcm) -> { }, events.speaker(), clock),
                autoPlay::get, events);
        PlaybackViewModel playback = new PlaybackViewModel(io, PlaybackViewModel.Threads.of(Runnable::run, Runnable::run),
                room, autoPlay, chat::setNotice, "no speaker", why -> why);
        ChatView view = new ChatView(chat, ptt, playback, messages, new Stamps(clock, ZoneId.systemDefault(), messages),
                autoPlay, new SimpleStringProperty("F8"), new SimpleStringProperty(""), new SimpleStringProperty(""),
                new ChatView.Actions(() -> { }, item -> { }, url -> { }, () -> { }, () -> { }));
        Themes.apply(dark);
        Scene scene = new Scene(view.root(), 960, 640);
        Themes.style(scene);
        stage.setScene(scene);
        stage.show();
    }

    /** The session's once-a-second tick, on the FX thread. */
    void tick() {
        AppHarness.onFx(chat::tick);
    }

    Stage stage() {
        return stage;
    }

    @Override
    public void close() throws TimeoutException {
        FxToolkit.cleanupStages();
        disk.shutdown();
        clips.close();
    }
}
