package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.sound.VoiceIo.VoiceUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Live streams through Java Sound into the virtual speaker ({@link JavaSoundVoiceIo#openStream}, {@link LiveLine}). */
@ExtendWith(VirtualDevices.class)
class JavaSoundLiveLineTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    /** One live chunk, 20 ms at 16 kHz mono. */
    private static final int CHUNK = 640;
    private final VoiceIo io = new JavaSoundVoiceIo("", VirtualSpeaker.NAME);

    private static void writeInChunks(VoiceIo.Stream stream, byte[] pcm) throws VoiceUnavailableException {
        for (int at = 0; at < pcm.length; at += CHUNK) {
            stream.write(Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + CHUNK)));
        }
    }

    private static DataLine onlyLine() {
        assertThat(VirtualSpeaker.allLines()).hasSize(1);
        return (DataLine) VirtualSpeaker.allLines().get(0);
    }

    @Test
    void theSpeakerGetsExactlyWhatIsWrittenAndDrainWaitsUntilItHasPlayed() throws Exception {
        byte[] pcm = Sounds.le(Sounds.speechLike(16000, 0.5));

        VoiceIo.Stream stream = io.openStream(16000, 1);
        // written faster than it plays: write waits while the line's small buffer is full
        writeInChunks(stream, pcm);
        stream.drain();

        DataLine line = onlyLine();
        assertThat(line.getFormat().matches(new AudioFormat(16000, 16, 1, true, false))).isTrue();
        assertThat(line.getBufferSize()).isEqualTo(LiveLine.BUFFER_MILLIS * 32);
        assertThat(line.getLongFramePosition()).as("played to the end").isEqualTo(8000);
        assertThat(VirtualSpeaker.written()).isEqualTo(pcm);
        stream.close();
        assertThat(VirtualSpeaker.openLines()).isZero();
    }

    @Test
    void aSpeakerThatOnlyTakes48kStereoGetsTheStreamConverted() throws Exception {
        VirtualSpeaker.offer(VirtualSpeaker.STEREO_48K);
        byte[] pcm = Sounds.le(Sounds.tone(16000, 1, 0.3, 1000, 0.5));

        VoiceIo.Stream stream = io.openStream(16000, 1);
        writeInChunks(stream, pcm);
        stream.drain();
        stream.close();

        assertThat(onlyLine().getFormat().matches(VirtualSpeaker.STEREO_48K)).isTrue();
        byte[] expected = new PcmConverter(Formats.pcm16(16000, 1, false), 48000, 2).convert(pcm, 0, pcm.length);
        assertThat(VirtualSpeaker.written()).isEqualTo(expected);
    }

    @Test
    void theLineStartsOnceItsCushionIsInItAndAShorterStreamPlaysOnDrain() throws Exception {
        VoiceIo.Stream stream = io.openStream(16000, 1);
        stream.write(new byte[CHUNK]);
        DataLine line = onlyLine();
        assertThat(line.isRunning()).as("20 ms in it").isFalse();
        stream.write(new byte[CHUNK]);
        assertThat(line.isRunning()).as("40 ms in it").isTrue();
        stream.close();

        VoiceIo.Stream shortOne = io.openStream(16000, 1);
        shortOne.write(new byte[CHUNK]);
        shortOne.drain();
        assertThat(((DataLine) VirtualSpeaker.allLines().get(1)).getLongFramePosition()).isEqualTo(320);
        shortOne.close();
    }

    @Test
    void aLineThatRanDryBuildsItsCushionAgainBeforePlayingOn() throws Exception {
        VoiceIo.Stream stream = io.openStream(16000, 1);
        stream.write(new byte[2 * CHUNK]);
        DataLine line = onlyLine();
        await().atMost(WAIT).until(() -> line.getLongFramePosition() == 640);

        stream.write(new byte[CHUNK]);
        assertThat(line.isRunning()).as("after a stall, 20 ms in it").isFalse();
        stream.write(new byte[CHUNK]);
        assertThat(line.isRunning()).isTrue();
        stream.close();
        assertThat(VirtualSpeaker.written()).hasSize(4 * CHUNK);
    }

    @Test
    void closeStopsAtOnceEvenDuringAWriteAndLaterWritesAreDropped() throws Exception {
        byte[] pcm = Sounds.le(Sounds.speechLike(16000, 2.0));
        VoiceIo.Stream stream = io.openStream(16000, 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                stream.write(pcm); // two seconds: waits for room most of the time
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-writer");
        writer.start();
        await().atMost(WAIT).until(() -> VirtualSpeaker.written().length >= 6400);

        stream.close();

        assertThat(VirtualSpeaker.openLines()).as("closed when close returns").isZero();
        await().atMost(Duration.ofMillis(500)).until(() -> !writer.isAlive());
        assertThat(failure.get()).as("a write ended by close is no failure").isNull();
        byte[] written = VirtualSpeaker.written();
        assertThat(written.length).isLessThan(pcm.length);
        assertThat(written).isEqualTo(Arrays.copyOf(pcm, written.length));
        stream.write(new byte[CHUNK]);
        stream.drain();
        stream.close();
        assertThat(VirtualSpeaker.written()).hasSize(written.length);
    }

    @Test
    void aSpeakerUnpluggedWhileStreamingMakesWriteThrowASentence() throws Exception {
        VoiceIo.Stream stream = io.openStream(16000, 1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = new Thread(() -> {
            try {
                stream.write(Sounds.le(Sounds.speechLike(16000, 2.0)));
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "test-writer");
        writer.start();
        await().atMost(WAIT).until(() -> VirtualSpeaker.written().length >= 6400);

        VirtualSpeaker.unplug();

        await().atMost(WAIT).until(() -> failure.get() != null);
        assertThat(failure.get()).isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_LOST));
        assertThatThrownBy(() -> stream.write(new byte[CHUNK])).isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_LOST));
        stream.close();
    }

    @Test
    void noSpeakerOrABusyOneIsASentenceWhenOpening() {
        VirtualSpeaker.busy(true);
        assertThatThrownBy(() -> io.openStream(16000, 1)).isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_BUSY));
        VirtualSpeaker.busy(false);
        assertThatThrownBy(() -> io.openStream(16000, 3)).isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_REFUSED));

        VirtualSpeaker.present(false);
        VirtualDevices.assumeNoRealDevices();
        assertThatThrownBy(() -> io.openStream(16000, 1)).isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.NO_SPEAKER));
        assertThat(VirtualSpeaker.openLines()).isZero();
    }
}
