package dev.parley.client.audio;

import dev.parley.client.chat.ChatSession;
import dev.parley.client.chat.PlayedClips;
import dev.parley.client.chat.TimelineItem;
import dev.parley.client.live.LiveSender;
import dev.parley.client.net.ConnectionState;
import dev.parley.client.net.JoinRequest;
import dev.parley.client.settings.Settings;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Played receipts end to end, with the real relay in process, real Java Sound on the virtual devices and the real
 * window: a clip heard to its end on one app shows on its sender's card as heard; a clip stopped halfway, or heard
 * with the setting off, sends nothing (checked by a protocol-3 client in the room after an ordering barrier: a chat
 * sent after the moment a receipt would have gone arrives after it).
 */
@ExtendWith(VirtualDevices.class)
class ReceiptsJourneyTest {
    @TempDir
    Path dir;
    private final ExecutorService bobUi = Executors.newSingleThreadExecutor(r -> new Thread(r, "bob-ui"));
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopThreads() throws Exception {
        bobUi.shutdown();
        scheduler.shutdownNow();
        assertThat(bobUi.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    private static byte[] spokenHello() throws Exception {
        try (InputStream in = ReceiptsJourneyTest.class.getResourceAsStream("spoken-hello.wav")) {
            return in.readAllBytes();
        }
    }

    /** The text of the first receipt line showing in the window, or "" when none shows. */
    private static String receiptLine(AppHarness app) {
        return AppHarness.fx(() -> app.robot.lookup(".receipt-line").match(Node::isVisible).tryQuery()
                .map(n -> ((Label) n).getText()).orElse(""));
    }

    private static Label receiptLabel(AppHarness app) {
        return AppHarness.fx(() -> (Label) app.robot.lookup(".receipt-line").match(Node::isVisible).query());
    }

    private static void awaitReceiptLine(AppHarness app, String text) {
        await().atMost(AppHarness.WAIT).until(() -> receiptLine(app).equals(text));
    }

    private <T> T onBob(Callable<T> action) throws Exception {
        return bobUi.submit(action).get(10, TimeUnit.SECONDS);
    }

    /** Bob's app without a window: a whole chat session on the virtual devices, its UI thread {@link #bobUi}. */
    private ChatSession bobJoins(TestRelay relay) throws Exception {
        ChatSession bob = onBob(() -> {
            ChatSession s = new ChatSession(new JoinRequest(relay.address(), "bob", "lobby", null, relay.fingerprint()),
                    bobUi::execute, scheduler, Clock.systemUTC(), JavaSoundVoiceIo.following(() -> "", () -> ""),
                    new Messages(Locale.ENGLISH), new SimpleBooleanProperty(false), p -> { }, PlayedClips.inMemory(),
                    () -> LiveSender.DEFAULT_RELEASE_TAIL, new SimpleBooleanProperty(true));
            s.start();
            return s;
        });
        await().atMost(AppHarness.WAIT).until(() -> onBob(() ->
                bob.model().statusProperty().get().state() == ConnectionState.JOINED));
        return bob;
    }

    @Test
    void bobPlaysAlicesClipToItsEndAndAlicesCardSaysHeHeardItEvenAfterHeLeft() throws Exception {
        VirtualMicrophone.feed(spokenHello());
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness alice = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            alice.awaitJoined();
            ChatSession bob = bobJoins(relay);
            boolean[] bobLeft = {false};
            try {
                // alice says something: about a second of the microphone
                alice.robot.clickOn("#composer");
                alice.robot.press(KeyCode.F8);
                await().atMost(AppHarness.WAIT).until(() -> VirtualMicrophone.allLines().stream()
                        .anyMatch(l -> l.getLongFramePosition() >= 16_000));
                alice.robot.release(KeyCode.F8);
                awaitReceiptLine(alice, "Heard by 0 of 1 here");

                TimelineItem clip = await().atMost(AppHarness.WAIT).until(() -> onBob(() -> bob.model().timeline()
                        .stream().filter(i -> i.kind() == TimelineItem.Kind.VOICE && i.seq() > 0 && i.clip() != null)
                        .findFirst().orElse(null)), i -> i != null);
                onBob(() -> {
                    bob.playback().toggle(clip);
                    return null;
                });
                awaitReceiptLine(alice, "Heard by 1 of 1 here");
                Label line = receiptLabel(alice);
                assertThat(AppHarness.fx(() -> line.getTooltip().getText())).isEqualTo("Heard by 1 of 1 here: bob");
                assertThat(AppHarness.fx(line::getAccessibleText)).isEqualTo("Heard by 1 of 1 here: bob");
                assertThat(onBob(() -> bob.connection().receiptsWaiting())).as("confirmed by the relay").isEmpty();

                onBob(() -> {
                    bob.close();
                    bobLeft[0] = true;
                    return null;
                });
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() ->
                        alice.app().session().model().members().size()) == 1);
                assertThat(receiptLine(alice)).as("bob played it and left: he still counts")
                        .isEqualTo("Heard by 1 of 1 here");

                ProtocolClient carol = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "carol",
                        "lobby", Protocol.VERSION_3);
                try {
                    awaitReceiptLine(alice, "Heard by 1 of 2 here");
                    carol.played(clip.seq());
                    awaitReceiptLine(alice, "Heard by 2 of 2 here");
                    assertThat(AppHarness.fx(() -> receiptLabel(alice).getTooltip().getText()))
                            .isEqualTo("Heard by 2 of 2 here: bob, carol");
                } finally {
                    carol.close();
                }
            } finally {
                onBob(() -> {
                    if (!bobLeft[0]) {
                        bob.close();
                    }
                    return null;
                });
            }
        }
    }

    @Test
    void aClipStoppedHalfwaySendsNothingAndPlayedToItsEndSendsOneReceiptWhileOthersShowOnTheCard() throws Exception {
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness bob = AppHarness.launch(AppHarness.joining(relay, "bob", relay.fingerprint(), dir.resolve("s")),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            bob.awaitJoined();
            ProtocolClient alice = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "alice",
                    "lobby", Protocol.VERSION_3);
            try {
                alice.voice("v-1", Clips.tone(1600, 440));
                long seq = alice.await(ProtocolClient.Voice.class, v -> v.header().id().equals("v-1")).header().seq();
                bob.awaitNode(".voice-card .play-button");
                TimelineItem item = AppHarness.fx(() -> bob.app().session().model().timeline().get(0));
                bob.robot.clickOn(bob.node(".voice-card .play-button"));
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> item.progressProperty().get()) >= 0.3);
                bob.robot.clickOn(bob.node(".voice-card .play-button")); // paused halfway, and left so
                assertThat(AppHarness.fx(() -> item.playingProperty().get())).isFalse();
                bob.robot.clickOn("#composer").write("halfway").type(KeyCode.ENTER);
                alice.await(ServerMessage.Chat.class, c -> c.text().equals("halfway"));
                assertThat(alice.count(ServerMessage.Played.class, p -> true)).as("stopped halfway: no receipt").isZero();

                // the chat's row came after the card's: the list may have given the card another cell
                bob.robot.clickOn(bob.node(".voice-card .play-button")); // on to its end
                ServerMessage.Played receipt = alice.await(ServerMessage.Played.class, p -> p.seq() == seq);
                assertThat(receipt.nick()).isEqualTo("bob");
                assertThat(receipt.replay()).isFalse();
                await().atMost(AppHarness.WAIT).until(() -> bob.app().session().connection().receiptsWaiting().isEmpty());
                assertThat(receiptLine(bob)).as("only bob played it: his own play shows as the played dot").isEmpty();

                ProtocolClient carol = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "carol",
                        "lobby", Protocol.VERSION_3);
                try {
                    carol.played(seq);
                    awaitReceiptLine(bob, "Played by carol");
                } finally {
                    carol.close();
                }
            } finally {
                alice.close();
            }
        }
    }

    @Test
    void withTheSettingOffAClipHeardToItsEndSendsNothing() throws Exception {
        Path settings = dir.resolve("s");
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness bob = AppHarness.launch(AppHarness.joining(relay, "bob", relay.fingerprint(), settings),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            bob.awaitJoined();
            bob.robot.clickOn("#settingsButton");
            bob.awaitNode("#tellPlayedCheck");
            bob.robot.clickOn("#tellPlayedCheck");
            bob.robot.clickOn("OK");
            await().atMost(AppHarness.WAIT).until(() ->
                    Files.readString(settings.resolve(Settings.FILE_NAME)).contains("receipts.tell=false"));

            ProtocolClient alice = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "alice",
                    "lobby", Protocol.VERSION_3);
            try {
                byte[] clip = Clips.tone(800, 440);
                alice.voice("v-1", clip);
                bob.awaitNode(".voice-card .play-button");
                bob.robot.clickOn(bob.node(".voice-card .play-button"));
                int pcmBytes = Sounds.pcm(clip).length;
                await().atMost(AppHarness.WAIT).until(() -> VirtualSpeaker.written().length >= pcmBytes);
                TimelineItem item = AppHarness.fx(() -> bob.app().session().model().timeline().get(0));
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !item.playingProperty().get()));
                assertThat(AppHarness.fx(() -> item.playedProperty().get())).isTrue();

                bob.robot.clickOn("#composer").write("heard it").type(KeyCode.ENTER);
                alice.await(ServerMessage.Chat.class, c -> c.text().equals("heard it"));
                assertThat(alice.count(ServerMessage.Played.class, p -> true)).as("the setting is off").isZero();
                assertThat(bob.app().session().connection().receiptsWaiting()).isEmpty();
            } finally {
                alice.close();
            }
        }
    }
}
