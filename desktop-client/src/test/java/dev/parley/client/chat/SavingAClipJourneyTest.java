package dev.parley.client.chat;

import dev.parley.client.testing.AppHarness;
import dev.parley.client.testing.Clips;
import dev.parley.client.testing.FakeVoiceIo;
import dev.parley.client.testing.ProtocolClient;
import dev.parley.client.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Saving a clip to a disk that takes its time holds up neither the window nor the messages that keep arriving: the
 * save waits on its own thread while the chat goes on.
 */
class SavingAClipJourneyTest {
    @TempDir
    Path dir;

    /** A named pipe: writing to it waits until someone reads it, as a save to a stalled disk or share would. */
    private Path stalledFile() throws Exception {
        Path fifo = dir.resolve("stalled.wav");
        Process mkfifo;
        try {
            mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        } catch (java.io.IOException e) {
            mkfifo = null;
        }
        assumeTrue(mkfifo != null && mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0,
                "this system can make a named pipe");
        return fifo;
    }

    @Test
    void messagesKeepArrivingWhileAClipIsSavedToAStalledDisk() throws Exception {
        byte[] wav = Clips.tone(600, 440);
        Path stalled = stalledFile();
        try (TestRelay relay = new TestRelay(dir.resolve("relay"));
             AppHarness app = AppHarness.launch(AppHarness.joining(relay, "alice", relay.fingerprint(),
                     dir.resolve("s")), s -> new FakeVoiceIo())) {
            app.awaitJoined();
            ProtocolClient bob = ProtocolClient.join(relay.address().uri(), relay.relay().certificate(), "bob",
                    "lobby");
            try {
                bob.voice("v-1", wav);
                app.awaitNode(".voice-card");
                TimelineItem clip = AppHarness.fx(() -> app.app().session().model().timeline().get(0));
                CountDownLatch saved = new CountDownLatch(1);
                AppHarness.onFx(() -> app.app().session().playback().save(clip, stalled, saved::countDown));

                bob.chat("c-1", "still here?");
                await().atMost(AppHarness.WAIT).until(() -> AppHarness.fx(() -> app.app().session().model()
                        .timeline().stream().anyMatch(i -> "still here?".equals(i.text()))));
                assertThat(saved.getCount()).as("the save still waits for the disk").isEqualTo(1);

                CompletableFuture<byte[]> read = CompletableFuture.supplyAsync(() -> {
                    try {
                        return Files.readAllBytes(stalled); // the disk comes back
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThat(read.get(20, TimeUnit.SECONDS)).as("the clip, saved whole").isEqualTo(wav);
                assertThat(saved.await(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                bob.close();
            }
        }
    }
}
