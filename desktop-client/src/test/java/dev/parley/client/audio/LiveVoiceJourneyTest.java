package dev.parley.client.audio;

import dev.parley.client.chat.TimelineItem;
import dev.parley.client.settings.Settings;
import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import dev.parley.protocol.Protocol;
import dev.parley.protocol.ServerMessage;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Live push-to-talk with the real window and real Java Sound on the virtual microphone and speaker: a listener in
 * walkie-talkie mode hears a speaker while they still talk, the stored message then takes the live card's place and
 * is not played a second time; a speaker's app streams what the microphone hears while the key is held.
 */
@ExtendWith(VirtualDevices.class)
class LiveVoiceJourneyTest {
    private static final int CHUNK = 640; // 20 ms of 16 kHz mono

    @TempDir
    Path dir;

    private static byte[] spokenHello() throws Exception {
        try (InputStream in = LiveVoiceJourneyTest.class.getResourceAsStream("spoken-hello.wav")) {
            return in.readAllBytes(); // espeak-ng "Hello from Parley. The build is green.", 16 kHz mono, 2.48 s
        }
    }

    private Path settingsWithAutoPlay() throws Exception {
        Path settings = dir.resolve("s");
        Files.createDirectories(settings);
        Files.writeString(settings.resolve(Settings.FILE_NAME), "autoPlay=true\n");
        return settings;
    }

    @Test
    void aListenerHearsTheSpeakerBeforeTheyLetGoAndTheStoredClipIsNotPlayedAgain() throws Exception {
        byte[] said = Sounds.pcm(spokenHello());
        int chunks = said.length / CHUNK;
        byte[] streamed = Arrays.copyOf(said, chunks * CHUNK);
        ScheduledExecutorService pace = Executors.newSingleThreadScheduledExecutor();
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "bob", relay.fingerprint(), settingsWithAutoPlay()),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            app.awaitJoined();
            ProtocolClient alice = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "alice",
                    "lobby", Protocol.VERSION_2);
            try {
                AtomicInteger sent = new AtomicInteger();
                // how many chunks alice had sent when bob's speaker was given its 300th ms: noted by the speaker at
                // that write, not when this thread next looks (on a busy machine that can be a second later)
                AtomicInteger sentWhenHeard = new AtomicInteger(-1);
                AtomicLong toSpeaker = new AtomicLong();
                VirtualSpeaker.tap = (line, b, off, len, nanos, queued) -> {
                    if (toSpeaker.addAndGet(len) >= 300 * 32) {
                        sentWhenHeard.compareAndSet(-1, sent.get());
                    }
                };
                // alice talks in real time: a chunk every 20 ms, as a microphone delivers them. With a fixed delay, not
                // a fixed rate: a pacing thread that a busy machine held up goes on from where it is instead of sending
                // what it missed at once. Bob's app drops audio that piles up ahead of its clock, to stay live (a burst
                // over 200 ms, or 40 ms too many kept for a second: JitterBuffer, by design), and this test checks
                // that he hears every sample of a stream that comes in time
                alice.voiceStart("v-live");
                ScheduledFuture<?> talking = pace.scheduleWithFixedDelay(() -> {
                    int n = sent.get();
                    if (n < chunks) {
                        alice.voiceChunk("v-live", n, Arrays.copyOfRange(streamed, n * CHUNK, (n + 1) * CHUNK));
                        sent.incrementAndGet();
                    }
                }, 0, 20, TimeUnit.MILLISECONDS);

                app.awaitNode("#liveBadge");
                // the first 300 ms reach bob's speaker while alice is still talking (she has more than 2 s to go)
                await().atMost(AppHarness.WAIT).until(() -> sentWhenHeard.get() >= 0);
                assertThat(sentWhenHeard.get()).as("chunks sent when bob heard 300 ms").isLessThan(chunks / 2);
                byte[] heardSoFar = VirtualSpeaker.written();
                assertThat(heardSoFar).as("alice's first samples, in order")
                        .isEqualTo(Arrays.copyOf(streamed, heardSoFar.length));
                TimelineItem live = AppHarness.fx(() -> app.app().session().model().timeline().stream()
                        .filter(i -> i.live() != null).findFirst().orElseThrow());
                assertThat(AppHarness.fx(() -> live.live().heardProperty().get())).isTrue();

                await().atMost(AppHarness.WAIT).until(() -> sent.get() == chunks);
                talking.cancel(false);
                alice.voiceEnd("v-live"); // she lets go: the relay stores the stream

                ProtocolClient.Voice echo = alice.await(ProtocolClient.Voice.class, v -> v.header().id().equals("v-live"));
                assertThat(Sounds.pcm(echo.clip())).as("the stored clip is the chunks, byte for byte").isEqualTo(streamed);
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> app.app().session().model().timeline()
                        .stream().anyMatch(i -> i.id().equals("v-live") && i.live() == null && i.seq() > 0)));
                TimelineItem stored = AppHarness.fx(() -> app.app().session().model().timeline().stream()
                        .filter(i -> i.id().equals("v-live")).findFirst().orElseThrow());
                assertThat(AppHarness.fx(() -> app.app().session().model().timeline().stream()
                        .filter(i -> i.id().equals("v-live")).count())).as("one card for the message").isEqualTo(1);
                assertThat(AppHarness.fx(() -> stored.playedProperty().get())).as("heard live: played").isTrue();

                // the live stream plays out; the stored clip does not start by itself
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !app.app().session().playback().hearingLive()
                        && app.app().session().playback().currentProperty().get() == null));
                assertThat(VirtualSpeaker.written()).as("everything alice said, once").isEqualTo(streamed);

                // pressing play on the stored card plays the stored clip
                VirtualSpeaker.reset();
                app.robot.clickOn(app.node(".voice-card .play-button"));
                await().atMost(AppHarness.WAIT).until(() -> VirtualSpeaker.written().length >= streamed.length);
                assertThat(VirtualSpeaker.written()).isEqualTo(streamed);
            } finally {
                VirtualSpeaker.tap = null;
                pace.shutdownNow();
                alice.close();
            }
        }
    }

    @Test
    void whileTheKeyIsHeldTheAppStreamsWhatTheMicrophoneHearsAndTheStoredClipIsThoseSamples() throws Exception {
        byte[] spoken = spokenHello();
        byte[] said = Sounds.pcm(spoken);
        VirtualMicrophone.feed(spoken);
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(), dir.resolve("s")),
                     s -> JavaSoundVoiceIo.following(() -> "", () -> ""))) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob", "lobby",
                    Protocol.VERSION_2);
            ProtocolClient carol = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "carol",
                    "lobby", Protocol.VERSION_1);
            try {
                app.robot.clickOn("#composer");
                app.robot.press(KeyCode.F8);
                ServerMessage.VoiceStart start = bob.await(ServerMessage.VoiceStart.class, s -> s.from().equals("alice"));
                // half a second of chunks reaches bob while the key is still down
                await().atMost(AppHarness.WAIT).until(() -> bob.count(ProtocolClient.Chunk.class, c -> true) >= 25);
                assertThat(bob.find(ProtocolClient.Voice.class, v -> true)).as("nothing stored yet").isNull();
                await().atMost(AppHarness.WAIT).until(() -> VirtualMicrophone.allLines().stream()
                        .anyMatch(l -> l.getLongFramePosition() >= 2 * 16_000));
                app.robot.release(KeyCode.F8);

                ProtocolClient.Voice stored = bob.await(ProtocolClient.Voice.class, v -> v.header().id().equals(start.id()));
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                bob.received.stream().filter(ProtocolClient.Chunk.class::isInstance).map(ProtocolClient.Chunk.class::cast)
                        .forEach(c -> chunks.writeBytes(c.pcm()));
                byte[] storedPcm = Sounds.pcm(stored.clip());
                assertThat(chunks.toByteArray()).as("the chunks, joined, are the stored clip").isEqualTo(storedPcm);
                int common = Math.min(storedPcm.length, said.length);
                assertThat(common).isGreaterThan(2 * 16_000 * 2 - 1);
                assertThat(Arrays.copyOf(storedPcm, common)).as("the microphone's samples, from the first")
                        .isEqualTo(Arrays.copyOf(said, common));

                ProtocolClient.Voice old = carol.await(ProtocolClient.Voice.class, v -> v.header().id().equals(start.id()));
                assertThat(old.clip()).as("a version-1 client gets the same stored clip").isEqualTo(stored.clip());
                assertThat(carol.find(ProtocolClient.Chunk.class, c -> true)).as("and no live frames").isNull();
                assertThat(carol.find(ServerMessage.VoiceStart.class, s -> true)).isNull();
                TimelineItem mine = AppHarness.fx(() -> app.app().session().model().timeline().stream()
                        .filter(i -> i.kind() == TimelineItem.Kind.VOICE && i.mine()).findFirst().orElseThrow());
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> !mine.pendingProperty().get()));
                assertThat(mine.clip().load()).isEqualTo(stored.clip());
            } finally {
                bob.close();
                carol.close();
            }
        }
    }
}
