package dev.parley.client.live;

import dev.parley.client.testing.MutableClock;
import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link LiveRoom} with a real {@link JitterBuffer} on a virtual clock, the sink and the cards recorded. */
class LiveRoomTest {
    private final MutableClock clock = new MutableClock(0);
    private final ByteArrayOutputStream speaker = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();
    private final AtomicBoolean autoPlay = new AtomicBoolean();
    private final JitterBuffer buffer = new JitterBuffer((k, f, pcm) -> speaker.writeBytes(pcm), new Heard(), clock);
    private final LiveRoom room = new LiveRoom(buffer, autoPlay::get, new LiveRoom.Cards() {
        @Override
        public void opened(LiveKey stream, boolean heard) {
            events.add("opened " + stream.id() + (heard ? " heard" : ""));
        }

        @Override
        public void audio(LiveKey stream, float peak, long millisSoFar) {
            events.add("audio " + stream.id() + " " + Math.round(peak * 100) + "% " + millisSoFar + " ms");
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            events.add("aborted " + stream.id() + " " + reason.wire());
        }
    });

    private final class Heard implements JitterBuffer.Listener {
        @Override
        public void started(LiveKey stream) {
            events.add("started " + stream.id());
        }

        @Override
        public void underrun(LiveKey stream) {
        }

        @Override
        public void dropped(LiveKey stream, int bytes) {
            events.add("dropped " + stream.id() + " " + bytes);
        }

        @Override
        public void finished(LiveKey stream) {
            events.add("finished " + stream.id());
        }

        @Override
        public void aborted(LiveKey stream, AbortReason reason) {
            events.add("buffer aborted " + stream.id());
        }

        @Override
        public void stopped(LiveKey stream) {
            events.add("stopped " + stream.id());
        }
    }

    private void start(String id) {
        room.started(new ServerMessage.VoiceStart(id, "bob", VoiceCodec.PCM16, 16000, 1, 0));
    }

    /** 20 ms of 16 kHz mono whose samples are all {@code value}. */
    private static byte[] chunk(int value) {
        byte[] b = new byte[640];
        for (int i = 0; i < b.length; i += 2) {
            b[i] = (byte) value;
            b[i + 1] = (byte) (value >> 8);
        }
        return b;
    }

    private void chunk(String id, long n, int value) {
        room.chunk(new ServerMessage.VoiceChunk(id, "bob", n), chunk(value));
    }

    private void stored(String id) {
        room.stored(new ServerMessage.Voice(7, id, "bob", 0, 100, 16000, 1, 3244, false));
    }

    private void pumpFor(long millis) {
        for (long t = 0; t < millis; t += 10) {
            buffer.pump();
            clock.advance(10);
        }
        buffer.pump();
    }

    @Test
    void inWalkieTalkieModeAStreamIsHeardAsItComesAndItsStoredMessageEndsIt() {
        autoPlay.set(true);
        start("v1");
        for (int n = 0; n < 5; n++) {
            chunk("v1", n, 16384);
        }
        assertThat(events).containsExactly("opened v1 heard", "audio v1 50% 20 ms", "audio v1 50% 40 ms",
                "audio v1 50% 60 ms", "audio v1 50% 80 ms", "audio v1 50% 100 ms");
        stored("v1");
        pumpFor(200);
        assertThat(speaker.size()).as("all 100 ms, once").isEqualTo(5 * 640);
        assertThat(events).endsWith("started v1", "finished v1");
        assertThat(room.running(new LiveKey("bob", "v1"))).isFalse();
    }

    @Test
    void withoutWalkieTalkieModeNothingPlaysUntilPlayIsPressedThenAllOfItFromTheStart() {
        start("v1");
        for (int n = 0; n < 15; n++) {
            chunk("v1", n, n + 1); // 300 ms, more than the buffer would keep for a live stream
        }
        pumpFor(100);
        assertThat(speaker.size()).isZero();
        assertThat(events).first().isEqualTo("opened v1");
        assertThat(room.listen(new LiveKey("bob", "v1"))).isTrue();
        chunk("v1", 15, 16);
        stored("v1");
        pumpFor(500);
        byte[] heard = speaker.toByteArray();
        assertThat(heard).hasSize(16 * 640);
        for (int n = 0; n < 16; n++) {
            assertThat(Arrays.copyOfRange(heard, n * 640, n * 640 + 2)).as("chunk %d in order", n)
                    .containsExactly((byte) (n + 1), (byte) 0);
        }
        assertThat(events).noneMatch(e -> e.startsWith("dropped"));
    }

    @Test
    void stoppingListeningDropsWhatIsQueuedAndAnAbortReachesTheCardsAndTheBuffer() {
        autoPlay.set(true);
        start("v1");
        chunk("v1", 0, 100);
        room.stopListening(new LiveKey("bob", "v1"));
        assertThat(events).contains("stopped v1");
        chunk("v1", 1, 100);
        pumpFor(200);
        assertThat(speaker.size()).isZero();
        room.aborted(new ServerMessage.VoiceAbort("v1", "bob", AbortReason.INTERRUPTED));
        assertThat(events).last().isEqualTo("aborted v1 interrupted");
        assertThat(room.listen(new LiveKey("bob", "v1"))).as("an aborted stream cannot be played").isFalse();
    }

    @Test
    void aDroppedConnectionAbortsEveryStreamAndChunksOfUnknownStreamsAreIgnored() {
        autoPlay.set(true);
        chunk("nope", 0, 1);
        assertThat(events).isEmpty();
        start("v1");
        room.started(new ServerMessage.VoiceStart("v2", "carol", VoiceCodec.PCM16, 16000, 1, 0));
        room.lost();
        assertThat(events).containsSubsequence("opened v1 heard", "opened v2", "aborted v1 interrupted",
                "aborted v2 interrupted");
        assertThat(buffer.isIdle()).isTrue();
    }

    @Test
    void aStreamWaitingBehindAnotherIsNotHeardUntilItsTurnComes() {
        autoPlay.set(true);
        start("v1");
        room.started(new ServerMessage.VoiceStart("v2", "carol", VoiceCodec.PCM16, 16000, 1, 0));
        LiveKey carol = new LiveKey("carol", "v2");
        assertThat(events).containsExactly("opened v1 heard", "opened v2");
        assertThat(room.toSpeaker(carol)).as("it goes to the speaker after bob").isTrue();
        for (int n = 0; n < 5; n++) {
            chunk("v1", n, 100);
            room.chunk(new ServerMessage.VoiceChunk("v2", "carol", n), chunk(200));
        }
        stored("v1");
        room.stored(new ServerMessage.Voice(8, "v2", "carol", 0, 100, 16000, 1, 3244, false));
        pumpFor(400);
        assertThat(events).containsSubsequence("started v1", "finished v1", "started v2", "finished v2");
        assertThat(speaker.size()).as("both, whole, one after the other").isEqualTo(10 * 640);
        assertThat(room.speakerTaken()).isFalse();
    }

    @Test
    void stoppingListeningToAllStopsThePlayingAndTheWaitingStream() {
        autoPlay.set(true);
        start("v1");
        room.started(new ServerMessage.VoiceStart("v2", "carol", VoiceCodec.PCM16, 16000, 1, 0));
        chunk("v1", 0, 100);
        assertThat(room.speakerTaken()).isTrue();
        room.stopListeningAll();
        assertThat(events).contains("stopped v1", "stopped v2");
        assertThat(room.speakerTaken()).isFalse();
        chunk("v1", 1, 100);
        pumpFor(200);
        assertThat(speaker.size()).as("nothing more is heard").isZero();
        assertThat(room.listen(new LiveKey("carol", "v2"))).as("still running: it can be heard again").isTrue();
    }
}
