package dev.parley.client.audio;

import dev.parley.client.live.JitterBuffer;
import dev.parley.client.live.LiveKey;
import dev.parley.client.live.LivePlayer;
import dev.parley.client.live.PcmFormat;
import dev.parley.protocol.AbortReason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sound.sampled.DataLine;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LivePlayer} on the real clock, through Java Sound into the virtual speaker, which plays in real time. Here
 * rather than in the live tests' package because it needs the virtual devices. Sample i of stream A has the value i,
 * of stream B 20000 + i, so the speaker's bytes say exactly which audio it got, in which order.
 */
@ExtendWith(VirtualDevices.class)
class LivePlayerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final LiveKey A = new LiveKey("alice", "v-a");
    private static final LiveKey B = new LiveKey("bob", "v-b");

    /** Every event the owner hears, with what it could see of the speaker then. */
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<String> problems = new CopyOnWriteArrayList<>();
    private final List<String> problemThreads = new CopyOnWriteArrayList<>();
    private final LivePlayer player = LivePlayer.create(new JavaSoundVoiceIo("", VirtualSpeaker.NAME),
            Clock.systemUTC(), new Owner(), sentence -> {
                problemThreads.add(Thread.currentThread().getName());
                problems.add(sentence);
            });
    private final JitterBuffer buffer = player.buffer();

    @AfterEach
    void close() {
        player.close();
    }

    /** {@code frames} samples from {@code first} on, as 16 kHz mono PCM. */
    private static byte[] samples(int first, int frames) {
        ByteBuffer b = ByteBuffer.allocate(frames * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            b.putShort((short) (first + i));
        }
        return b.array();
    }

    /** Hands the buffer {@code pcm} in 20 ms chunks. */
    private void chunks(LiveKey key, byte[] pcm) {
        for (int at = 0; at < pcm.length; at += 640) {
            buffer.chunk(key, Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + 640)));
        }
    }

    private static Thread pumpThread() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals(LivePlayer.THREAD_NAME))
                .findFirst().orElseThrow();
    }

    @Test
    void aStreamReachesTheSpeakerByteForByteAndFinishesOnceItHasPlayed() {
        byte[] a = samples(0, 3200); // 200 ms, all at once: the most a live stream keeps
        buffer.start(A, PcmFormat.VOICE);
        chunks(A, a);
        buffer.end(A);

        await().atMost(WAIT).until(() -> events.contains("finished alice"));

        assertThat(VirtualSpeaker.written()).isEqualTo(a);
        assertThat(events).containsExactly("began alice", "started alice", "line played 3200 frames, 0 open",
                "finished alice");
        assertThat(VirtualSpeaker.openLines()).as("drained, then closed").isZero();
    }

    @Test
    void twoStreamsPlayOneAfterTheOtherOnLinesOfTheirOwn() {
        byte[] a = samples(0, 3200);
        byte[] b = samples(20_000, 8000); // half a second; it waits, so nothing of it is dropped
        buffer.start(A, PcmFormat.VOICE);
        chunks(A, a);
        buffer.start(B, PcmFormat.VOICE);
        chunks(B, b);
        buffer.end(B);
        buffer.end(A);

        await().atMost(WAIT).until(() -> events.contains("finished bob"));

        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        assertThat(VirtualSpeaker.written()).isEqualTo(both);
        // began comes on this thread, the rest on the pump thread
        assertThat(events).filteredOn(e -> e.startsWith("began")).containsExactly("began alice", "began bob");
        assertThat(events).filteredOn(e -> !e.startsWith("began")).containsExactly("started alice",
                "line played 3200 frames, 0 open", "finished alice", "started bob", "line played 8000 frames, 0 open",
                "finished bob");
        assertThat(VirtualSpeaker.allLines()).hasSize(2);
        assertThat(VirtualSpeaker.openLines()).isZero();
    }

    @Test
    void aStreamStartedWholePlaysEverythingItIsGiven() {
        byte[] a = samples(0, 16000); // a second kept so far: live, most of it would be dropped
        buffer.start(A, PcmFormat.VOICE, true);
        chunks(A, a);
        buffer.end(A);

        await().atMost(WAIT).until(() -> events.contains("finished alice"));

        assertThat(VirtualSpeaker.written()).isEqualTo(a);
    }

    @Test
    void abortClosesTheLineAtOnce() {
        byte[] a = samples(0, 16000);
        buffer.start(A, PcmFormat.VOICE, true);
        chunks(A, a);
        await().atMost(WAIT).until(() -> VirtualSpeaker.written().length >= 3200);

        buffer.abort(A, AbortReason.CANCELLED);

        await().atMost(Duration.ofMillis(200)).until(() -> VirtualSpeaker.openLines() == 0);
        byte[] written = VirtualSpeaker.written();
        assertThat(written.length).isLessThan(a.length);
        assertThat(written).isEqualTo(Arrays.copyOf(a, written.length));
        assertThat(events).containsExactly("began alice", "started alice", "aborted alice cancelled");
        await().atMost(WAIT).until(() -> pumpThread().getState() == Thread.State.WAITING);
        assertThat(VirtualSpeaker.written()).as("nothing after the abort").hasSize(written.length);
    }

    @Test
    void stoppingAStreamHereClosesItsLineAndTheNextOnePlays() {
        buffer.start(A, PcmFormat.VOICE, true);
        chunks(A, samples(0, 16000));
        await().atMost(WAIT).until(() -> VirtualSpeaker.written().length >= 3200);
        byte[] b = samples(20_000, 3200);
        buffer.start(B, PcmFormat.VOICE);
        chunks(B, b);
        buffer.end(B);

        buffer.stop(A);

        await().atMost(WAIT).until(() -> events.contains("finished bob"));
        byte[] written = VirtualSpeaker.written();
        assertThat(Arrays.copyOfRange(written, written.length - b.length, written.length)).isEqualTo(b);
        assertThat(Arrays.copyOf(written, written.length - b.length))
                .isEqualTo(samples(0, (written.length - b.length) / 2));
        // stopped comes on this thread, B's events on the pump thread: each stream's own are in order
        assertThat(events).filteredOn(e -> e.endsWith("alice"))
                .containsExactly("began alice", "started alice", "stopped alice");
        assertThat(events).filteredOn(e -> !e.endsWith("alice"))
                .containsExactly("began bob", "started bob", "line played 3200 frames, 0 open", "finished bob");
        assertThat(VirtualSpeaker.allLines()).hasSize(2);
        assertThat(VirtualSpeaker.openLines()).isZero();
    }

    @Test
    void aSpeakerUnpluggedMidStreamIsOneSentenceAndTheNextStreamStillPlays() {
        buffer.start(A, PcmFormat.VOICE, true);
        chunks(A, samples(0, 16000));
        await().atMost(WAIT).until(() -> VirtualSpeaker.written().length >= 3200);

        VirtualSpeaker.unplug();

        await().atMost(WAIT).until(() -> events.contains("stopped alice"));
        assertThat(problems).containsExactly(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_LOST));
        assertThat(problemThreads).containsExactly(LivePlayer.THREAD_NAME);
        chunks(A, samples(16000, 3200));
        assertThat(buffer.isIdle()).as("the failed stream is gone").isTrue();

        VirtualSpeaker.present(true); // plugged back in
        int before = VirtualSpeaker.written().length;
        byte[] b = samples(20_000, 3200);
        buffer.start(B, PcmFormat.VOICE);
        chunks(B, b);
        buffer.end(B);
        await().atMost(WAIT).until(() -> events.contains("finished bob"));

        byte[] written = VirtualSpeaker.written();
        assertThat(Arrays.copyOfRange(written, before, written.length)).isEqualTo(b);
        assertThat(problems).hasSize(1);
    }

    @Test
    void aSpeakerThatCannotBeOpenedIsOneSentenceAndTheStreamStops() {
        VirtualSpeaker.busy(true);
        buffer.start(A, PcmFormat.VOICE);
        chunks(A, samples(0, 3200));
        buffer.end(A);

        await().atMost(WAIT).until(() -> events.contains("stopped alice"));

        assertThat(problems).containsExactly(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_BUSY));
        assertThat(events).containsExactly("began alice", "started alice", "stopped alice");
        assertThat(VirtualSpeaker.written()).isEmpty();
    }

    @Test
    void thePumpThreadSleepsWhileThereIsNothingToPlay() {
        Thread pump = pumpThread();
        assertThat(pump.isDaemon()).isTrue();
        await().atMost(WAIT).until(() -> pump.getState() == Thread.State.WAITING);

        buffer.start(A, PcmFormat.VOICE);
        // woken by the new stream: pumping, between pumps
        await().atMost(WAIT).until(() -> pump.getState() == Thread.State.TIMED_WAITING);
        chunks(A, samples(0, 1600));
        buffer.end(A);
        await().atMost(WAIT).until(() -> events.contains("finished alice"));

        await().atMost(WAIT).until(() -> pump.getState() == Thread.State.WAITING);
    }

    @Test
    void closeEndsThePumpThreadWhichClosesTheLineAndNothingPlaysAfter() {
        buffer.start(A, PcmFormat.VOICE, true);
        chunks(A, samples(0, 16000));
        await().atMost(WAIT).until(() -> VirtualSpeaker.written().length >= 3200);
        Thread pump = pumpThread();

        player.close();

        await().atMost(Duration.ofMillis(200)).until(() -> VirtualSpeaker.openLines() == 0 && !pump.isAlive());
        int written = VirtualSpeaker.written().length;
        assertThat(written).isLessThan(32000);
        buffer.start(B, PcmFormat.VOICE);
        chunks(B, samples(20_000, 3200));
        buffer.end(B);
        await("nothing plays after close").during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> VirtualSpeaker.written().length == written && VirtualSpeaker.openLines() == 0);
        player.close();
    }

    @Test
    void anAbortBetweenTheBufferHandingOverAudioAndItsWriteLeavesNoLineOpen() {
        buffer.start(A, PcmFormat.VOICE);
        chunks(A, samples(0, 1600));
        await().atMost(WAIT).until(() -> VirtualSpeaker.openLines() == 1);
        // the buffer reports a catch-up drop just before it hands the pump thread A's next audio: the network
        // thread's abort lands in that gap, after the pump took the audio and before it writes it
        onDropped = () -> buffer.abort(A, AbortReason.INTERRUPTED);
        chunks(A, samples(1600, 8000)); // a burst after a stall: more than the 200 ms kept live

        await().atMost(WAIT).until(() -> events.contains("aborted alice interrupted"));
        await("the aborted stream's lines closed").atMost(WAIT).until(() -> VirtualSpeaker.openLines() == 0);
        assertThat(buffer.isIdle()).isTrue();
    }

    /** Run once by the owner at the first drop (on the pump thread). */
    private volatile Runnable onDropped;

    /** The owner: notes each event, and at finished how far the stream's line had played. */
    private final class Owner implements JitterBuffer.Listener {
        @Override
        public void began(LiveKey stream) {
            events.add("began " + stream.from());
        }

        @Override
        public void started(LiveKey stream) {
            events.add("started " + stream.from());
        }

        @Override
        public void underrun(LiveKey stream) {
            events.add("underrun " + stream.from());
        }

        @Override
        public void dropped(LiveKey stream, int bytes) {
            events.add("dropped " + stream.from() + " " + bytes);
            Runnable hook = onDropped;
            onDropped = null;
            if (hook != null) {
                hook.run();
            }
        }

        @Override
        public void finished(LiveKey stream) {
            List<?> lines = VirtualSpeaker.allLines();
            DataLine last = (DataLine) lines.get(lines.size() - 1);
            events.add("line played " + last.getLongFramePosition() + " frames, " + VirtualSpeaker.openLines()
                    + " open");
            events.add("finished " + stream.from());
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            events.add("aborted " + stream.from() + " " + reason.wire());
        }

        @Override
        public void stopped(LiveKey stream) {
            events.add("stopped " + stream.from());
        }
    }
}
