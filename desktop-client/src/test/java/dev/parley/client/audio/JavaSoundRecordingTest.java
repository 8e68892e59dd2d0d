package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Recording through Java Sound from the virtual microphone, which plays back a WAV in real time. */
@ExtendWith(VirtualDevices.class)
class JavaSoundRecordingTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final VoiceIo io = new JavaSoundVoiceIo(VirtualMicrophone.NAME, "");
    private final CaptureLog events = new CaptureLog();

    @Test
    void theClipHoldsExactlyWhatTheMicrophoneHeardUntilStop() throws Exception {
        short[] speech = Sounds.speechLike(16000, 0.6);
        byte[] heard = Sounds.le(speech);
        VirtualMicrophone.feed(Wav.write(speech, 16000, 1));

        long t0 = System.nanoTime();
        VoiceIo.Capture capture = io.record(10_000, events);
        long t1 = System.nanoTime();
        await().atMost(WAIT).until(events::heardSoundThenSilence);
        long t2 = System.nanoTime();
        VoiceIo.Clip clip = capture.stop();
        long t3 = System.nanoTime();

        assertThat(VirtualMicrophone.openLines()).as("line closed when stop returns").isZero();
        WavInfo info = Sounds.inspect(clip.wav());
        assertThat(info.sampleRate()).isEqualTo(16000);
        assertThat(info.channels()).isEqualTo(1);
        byte[] pcm = Sounds.pcm(clip.wav());
        assertThat(pcm.length).isGreaterThan(heard.length);
        assertThat(Arrays.copyOf(pcm, heard.length)).isEqualTo(heard);
        byte[] after = Arrays.copyOfRange(pcm, heard.length, pcm.length);
        assertThat(after).containsOnly((byte) 0);
        // the line ran from inside record() to inside stop(): the clip is that long, to the frame
        assertThat(clip.durationMs()).isEqualTo(info.durationMs())
                .isBetween(TimeUnit.NANOSECONDS.toMillis(t2 - t1) - 1, TimeUnit.NANOSECONDS.toMillis(t3 - t0) + 1);
        assertThat(events.autoStopped).isEmpty();
        assertThat(events.failures).isEmpty();
        assertThat(events.threads).containsOnly(Recorder.THREAD_NAME);
    }

    @Test
    void levelsFollowTheSoundAndTheSilenceAfterIt() throws Exception {
        VirtualMicrophone.feed(Wav.write(Sounds.tone(16000, 1, 0.4, 440, 0.5), 16000, 1));

        VoiceIo.Capture capture = io.record(10_000, events);
        await().atMost(WAIT).until(events::heardSoundThenSilence);
        capture.cancel();

        CaptureLog.Level first = events.levels.get(0);
        assertThat(first.rms()).isCloseTo(0.5 / Math.sqrt(2), within(0.03));
        assertThat(first.peak()).isCloseTo(0.5, within(0.02));
        CaptureLog.Level last = events.levels.get(events.levels.size() - 1);
        assertThat(last.rms()).isZero();
        assertThat(last.peak()).isZero();
        assertThat(events.levels).allSatisfy(l -> {
            assertThat(l.rms()).isBetween(0.0, 1.0);
            assertThat(l.peak()).isBetween(0.0, 1.0);
        });
        // one level per ~20 ms chunk: at least 20 for the 0.4 s tone
        assertThat(events.levels).hasSizeGreaterThanOrEqualTo(20);
    }

    @Test
    void recordingStopsByItselfAtTheLongestClip() throws Exception {
        short[] speech = Sounds.speechLike(16000, 1.0);
        VirtualMicrophone.feed(Wav.write(speech, 16000, 1));

        VoiceIo.Capture capture = io.record(300, events);
        await().atMost(WAIT).until(() -> !events.autoStopped.isEmpty());

        VoiceIo.Clip clip = events.autoStopped.get(0);
        assertThat(clip.durationMs()).isEqualTo(300);
        assertThat(Sounds.pcm(clip.wav())).isEqualTo(Sounds.le(Arrays.copyOf(speech, 4800)));
        assertThat(VirtualMicrophone.openLines()).as("line closed before autoStopped").isZero();
        // a key released after the limit hit gets the same clip, not a second one
        assertThat(capture.stop()).isSameAs(clip);
        assertThat(events.autoStopped).hasSize(1);
        assertThat(events.failures).isEmpty();
    }

    @Test
    void cancelClosesTheLineAndKeepsNothing() throws Exception {
        VirtualMicrophone.feed(Wav.write(Sounds.speechLike(16000, 1.0), 16000, 1));

        VoiceIo.Capture capture = io.record(10_000, events);
        await().atMost(WAIT).until(() -> events.levels.size() >= 3);
        capture.cancel();

        assertThat(VirtualMicrophone.openLines()).isZero();
        assertThat(VirtualMicrophone.allLines()).hasSize(1);
        assertThat(capture.stop()).isNull();
        assertThat(events.autoStopped).isEmpty();
        assertThat(events.failures).isEmpty();
    }

    @Test
    void stopRightAwayGivesNothingOrAVeryShortClip() throws Exception {
        VoiceIo.Capture capture = io.record(10_000, events);
        VoiceIo.Clip clip = capture.stop();

        assertThat(VirtualMicrophone.openLines()).isZero();
        if (clip != null) {
            assertThat(clip.durationMs()).isLessThan(100);
            Sounds.inspect(clip.wav());
        }
    }

    @Test
    void aMicrophoneThatOnlyRecords48kStereoIsConvertedTo16kMono() throws Exception {
        VirtualMicrophone.offer(VirtualMicrophone.STEREO_48K);
        VirtualMicrophone.feed(Wav.write(Sounds.tone(48000, 2, 0.5, 1000, 0.5), 48000, 2));

        VoiceIo.Capture capture = io.record(10_000, events);
        await().atMost(WAIT).until(events::heardSoundThenSilence);
        VoiceIo.Clip clip = capture.stop();

        WavInfo info = Sounds.inspect(clip.wav());
        assertThat(info.sampleRate()).isEqualTo(16000);
        assertThat(info.channels()).isEqualTo(1);
        short[] samples = Sounds.samples(Sounds.pcm(clip.wav()));
        // 0.1 s to 0.4 s: the steady part of the 0.5 s tone
        assertThat(Sounds.rms(samples, 1600, 6400)).isCloseTo(0.5 * 32767 / Math.sqrt(2), within(0.03 * 32767));
        assertThat(Sounds.upwardCrossings(samples, 1600, 6400)).isBetween(298, 302);
        assertThat(Sounds.rms(samples, 9600, samples.length)).as("silence after the tone").isLessThan(50);
    }

    @Test
    void aMicrophoneUnpluggedWhileRecordingFailsWithASentence() throws Exception {
        VirtualMicrophone.feed(Wav.write(Sounds.speechLike(16000, 1.0), 16000, 1));

        VoiceIo.Capture capture = io.record(10_000, events);
        await().atMost(WAIT).until(() -> events.levels.size() >= 3);
        VirtualMicrophone.unplug();
        await().atMost(WAIT).until(() -> !events.failures.isEmpty());

        assertThat(events.failures).containsExactly(SoundTexts.ENGLISH.get(SoundTexts.MICROPHONE_LOST));
        assertThat(events.autoStopped).isEmpty();
        VoiceIo.Clip partial = capture.stop();
        assertThat(partial).isNotNull();
        assertThat(Sounds.inspect(partial.wav()).durationMs()).isPositive();
    }

    @Test
    void theCapturedPiecesComeWhileRecordingAndAreTheClipByteForByte() throws Exception {
        VirtualMicrophone.feed(Wav.write(Sounds.speechLike(16000, 0.6), 16000, 1));

        VoiceIo.Capture capture = io.record(10_000, events);
        // 100 ms delivered while the key is still held: live, not at the end
        await().atMost(WAIT).until(() -> events.captured().length >= 3200);
        await().atMost(WAIT).until(events::heardSoundThenSilence);
        VoiceIo.Clip clip = capture.stop();

        // everything, the rest of the line's buffer included, before stop returns
        assertThat(events.captured()).isEqualTo(Sounds.pcm(clip.wav()));
        assertThat(events.threads).containsOnly(Recorder.THREAD_NAME);
    }

    @Test
    void fromAMicrophoneThatOnlyRecords48kStereoTheCapturedPiecesAreTheConvertedClip() throws Exception {
        VirtualMicrophone.offer(VirtualMicrophone.STEREO_48K);
        VirtualMicrophone.feed(Wav.write(Sounds.tone(48000, 2, 0.5, 1000, 0.5), 48000, 2));

        VoiceIo.Capture capture = io.record(10_000, events);
        await().atMost(WAIT).until(events::heardSoundThenSilence);
        VoiceIo.Clip clip = capture.stop();

        byte[] pcm = Sounds.pcm(clip.wav());
        assertThat(Sounds.inspect(clip.wav()).sampleRate()).isEqualTo(16000);
        assertThat(pcm.length).isGreaterThan(16000); // the 0.5 s tone at 16 kHz mono, and some silence
        assertThat(events.captured()).isEqualTo(pcm);
    }

    @Test
    void whenTheClipStopsItselfTheCapturedPiecesEndExactlyWhereTheClipDoes() throws Exception {
        short[] speech = Sounds.speechLike(16000, 1.0);
        VirtualMicrophone.feed(Wav.write(speech, 16000, 1));

        // 310 ms is 4960 frames: the last 20 ms chunk only half fits
        io.record(310, events);
        await().atMost(WAIT).until(() -> !events.autoStopped.isEmpty());

        byte[] expected = Sounds.le(Arrays.copyOf(speech, 4960));
        assertThat(Sounds.pcm(events.autoStopped.get(0).wav())).isEqualTo(expected);
        assertThat(events.capturedAtAutoStop).as("all delivered before autoStopped").containsExactly(expected.length);
        assertThat(events.captured()).isEqualTo(expected);
    }

    @Test
    void afterCancelReturnsNothingMoreIsCaptured() throws Exception {
        VirtualMicrophone.feed(Wav.write(Sounds.speechLike(16000, 1.0), 16000, 1));

        VoiceIo.Capture capture = io.record(10_000, events);
        await().atMost(WAIT).until(() -> events.captured().length >= 1280);
        capture.cancel();
        int delivered = events.captured().length;

        // the microphone would have delivered another 10 chunks meanwhile
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1))
                .until(() -> events.captured().length == delivered);
        assertThat(events.autoStopped).isEmpty();
    }
}
