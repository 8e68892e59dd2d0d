package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;
import dev.parley.protocol.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** Playing clips through Java Sound into the virtual speaker, which keeps what it is given and plays in real time. */
@ExtendWith(VirtualDevices.class)
class JavaSoundPlaybackTest {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private final VoiceIo io = new JavaSoundVoiceIo("", VirtualSpeaker.NAME);
    private final PlaybackLog events = new PlaybackLog();

    @Test
    void theSpeakerGetsExactlyTheClipsSamplesThenFinishedFiresOnce() throws Exception {
        byte[] clip = Wav.write(Sounds.speechLike(16000, 0.5), 16000, 1);

        io.play(clip, events);
        await().atMost(WAIT).until(() -> events.finished.get() == 1);

        assertThat(VirtualSpeaker.written()).isEqualTo(Sounds.pcm(clip));
        assertThat(VirtualSpeaker.openLines()).as("line closed before finished").isZero();
        assertThat(events.progress).hasSizeGreaterThan(3);
        assertThat(events.progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(500));
        assertThat(events.progress.stream().mapToLong(PlaybackLog.Progress::played)).isSorted();
        assertThat(events.progress.get(events.progress.size() - 1)).isEqualTo(new PlaybackLog.Progress(500, 500));
        assertThat(events.failures).isEmpty();
        assertThat(events.threads).containsOnly(Player.THREAD_NAME);
        await().atMost(WAIT).until(() -> !VirtualDevices.audioThreadAlive());
        assertThat(events.finished).hasValue(1);
    }

    @Test
    void aStereoClipPlaysInItsOwnFormat() throws Exception {
        byte[] clip = Wav.write(Sounds.tone(44100, 2, 0.3, 440, 0.4), 44100, 2);

        io.play(clip, events);
        await().atMost(WAIT).until(() -> events.finished.get() == 1);

        AudioFormat format = ((DataLine) VirtualSpeaker.allLines().get(0)).getFormat();
        assertThat(format.getSampleRate()).isEqualTo(44100f);
        assertThat(format.getChannels()).isEqualTo(2);
        assertThat(VirtualSpeaker.written()).isEqualTo(Sounds.pcm(clip));
    }

    @Test
    void pauseHoldsThePositionAndResumeCarriesOn() throws Exception {
        byte[] clip = Wav.write(Sounds.speechLike(16000, 1.0), 16000, 1);
        long started = System.nanoTime();

        VoiceIo.Playback playback = io.play(clip, events);
        await().atMost(WAIT).until(() -> events.lastPlayed() >= 200);
        playback.pause();
        DataLine line = (DataLine) VirtualSpeaker.allLines().get(0);
        long held = line.getLongFramePosition();
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> line.getLongFramePosition() == held && line.isOpen());
        assertThat(events.finished).hasValue(0);
        playback.resume();
        await().atMost(WAIT).until(() -> events.finished.get() == 1);

        assertThat(VirtualSpeaker.written()).isEqualTo(Sounds.pcm(clip));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(1300);
        assertThat(events.progress.stream().mapToLong(PlaybackLog.Progress::played)).isSorted();
        assertThat(events.lastPlayed()).isEqualTo(1000);
        assertThat(events.failures).isEmpty();
    }

    @Test
    void pauseDuringTheLastBufferStillFinishesAfterResume() throws Exception {
        // shorter than the line's buffer: everything is written at once and the player waits in drain
        byte[] clip = Wav.write(Sounds.tone(16000, 1, 0.15, 440, 0.3), 16000, 1);

        VoiceIo.Playback playback = io.play(clip, events);
        playback.pause();
        DataLine line = (DataLine) VirtualSpeaker.allLines().get(0);
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> events.finished.get() == 0);
        assertThat(line.getLongFramePosition()).isLessThan(2400);
        playback.resume();
        await().atMost(WAIT).until(() -> events.finished.get() == 1);

        assertThat(line.getLongFramePosition()).isEqualTo(2400);
        assertThat(VirtualSpeaker.written()).isEqualTo(Sounds.pcm(clip));
    }

    @Test
    void stopEndsPlaybackForGoodWithoutFinished() throws Exception {
        byte[] clip = Wav.write(Sounds.speechLike(16000, 2.0), 16000, 1);
        byte[] pcm = Sounds.pcm(clip);

        VoiceIo.Playback playback = io.play(clip, events);
        await().atMost(WAIT).until(() -> events.lastPlayed() >= 100);
        playback.stop();

        assertThat(VirtualSpeaker.openLines()).as("line closed when stop returns").isZero();
        byte[] written = VirtualSpeaker.written();
        assertThat(written.length).isLessThan(pcm.length);
        assertThat(written).isEqualTo(Arrays.copyOf(pcm, written.length));
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> events.finished.get() == 0);
        assertThat(events.failures).isEmpty();
    }

    @Test
    void stopWhilePausedEndsToo() throws Exception {
        byte[] clip = Wav.write(Sounds.speechLike(16000, 2.0), 16000, 1);

        VoiceIo.Playback playback = io.play(clip, events);
        await().atMost(WAIT).until(() -> events.lastPlayed() >= 100);
        playback.pause();
        playback.stop();
        playback.resume();

        assertThat(VirtualSpeaker.openLines()).isZero();
        await().atMost(WAIT).until(() -> !VirtualDevices.audioThreadAlive());
        assertThat(events.finished).hasValue(0);
        assertThat(events.failures).isEmpty();
    }

    @Test
    void aSpeakerThatOnlyTakes48kStereoGetsTheClipConverted() throws Exception {
        VirtualSpeaker.offer(VirtualSpeaker.STEREO_48K);
        short[] tone = Sounds.tone(16000, 1, 0.5, 1000, 0.5);

        io.play(Wav.write(tone, 16000, 1), events);
        await().atMost(WAIT).until(() -> events.finished.get() == 1);

        AudioFormat format = ((DataLine) VirtualSpeaker.allLines().get(0)).getFormat();
        assertThat(format.matches(VirtualSpeaker.STEREO_48K)).isTrue();
        short[] played = Sounds.samples(VirtualSpeaker.written());
        // three output frames for each input frame but the last, two samples each
        assertThat(played).hasSize((3 * tone.length - 2) * 2);
        short[] left = new short[played.length / 2];
        for (int i = 0; i < left.length; i++) {
            left[i] = played[2 * i];
            assertThat(played[2 * i + 1]).isEqualTo(left[i]);
        }
        assertThat(Sounds.upwardCrossings(left, 0, left.length)).isBetween(498, 501);
        assertThat(events.lastPlayed()).isEqualTo(500);
    }

    @Test
    void aSpeakerUnpluggedWhilePlayingFailsWithASentence() throws Exception {
        byte[] clip = Wav.write(Sounds.speechLike(16000, 2.0), 16000, 1);

        io.play(clip, events);
        await().atMost(WAIT).until(() -> events.lastPlayed() >= 100);
        VirtualSpeaker.unplug();
        await().atMost(WAIT).until(() -> !events.failures.isEmpty());

        assertThat(events.failures).containsExactly(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_LOST));
        assertThat(events.finished).hasValue(0);
    }

    @Test
    void playReturnsBeforeTheClipHasPlayed() throws Exception {
        byte[] clip = Wav.write(Sounds.speechLike(16000, 1.0), 16000, 1);

        long t0 = System.nanoTime();
        VoiceIo.Playback playback = io.play(clip, events);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(took).isLessThan(500);
        assertThat(events.finished).hasValue(0);
        playback.stop();
    }

    @Test
    void atTwiceTheSpeedTheSpeakerGetsHalfTheSoundAtThePitchItHadAndProgressFollowsTheClip() throws Exception {
        byte[] clip = Wav.write(Sounds.tone(16000, 1, 2.0, 440, 0.5), 16000, 1);

        long t0 = System.nanoTime();
        io.play(clip, 2, events);
        await().atMost(WAIT).until(() -> events.finished.get() == 1);
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        short[] heard = Sounds.samples(VirtualSpeaker.written());
        assertThat(heard.length / 16000.0).as("seconds heard").isCloseTo(1.0, within(0.03));
        assertThat(Sounds.upwardCrossings(heard, 0, heard.length) / (heard.length / 16000.0)).as("Hz")
                .isCloseTo(440, within(9.0));
        assertThat(took).as("real time, ms").isBetween(950L, 1900L);
        assertThat(events.progress.stream().mapToLong(PlaybackLog.Progress::played)).isSorted();
        assertThat(events.progress).allSatisfy(p -> assertThat(p.total()).isEqualTo(2000));
        assertThat(events.lastPlayed()).isEqualTo(2000);
        // halfway through what was heard, the clip is halfway through
        long midway = events.progress.stream().filter(p -> p.played() >= 900 && p.played() <= 1100).count();
        assertThat(midway).as("progress reports around the clip's middle").isPositive();
    }

    @Test
    void changingTheSpeedWhilePlayingAppliesToTheRest() throws Exception {
        byte[] clip = Wav.write(Sounds.tone(16000, 1, 2.0, 300, 0.5), 16000, 1);

        VoiceIo.Playback playback = io.play(clip, 1, events);
        await().atMost(WAIT).until(() -> events.lastPlayed() >= 500);
        playback.speed(2);
        await().atMost(WAIT).until(() -> events.finished.get() == 1);

        short[] heard = Sounds.samples(VirtualSpeaker.written());
        // 0.5 s at 1x plus up to the line's 200 ms buffer and a chunk, then the rest at 2x
        assertThat(heard.length / 16000.0).isBetween(1.2, 1.5);
        assertThat(Sounds.upwardCrossings(heard, 0, heard.length) / (heard.length / 16000.0)).isCloseTo(300, within(6.0));
        assertThat(events.lastPlayed()).isEqualTo(2000);
        assertThatThrownBy(() -> playback.speed(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
