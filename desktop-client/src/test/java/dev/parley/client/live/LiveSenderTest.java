package dev.parley.client.live;

import dev.parley.client.testing.MutableClock;
import dev.parley.protocol.Wav;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveSenderTest {
    private static final String ID = "v-1";
    private final FakeLiveVoiceSender out = new FakeLiveVoiceSender();
    private final MutableClock clock = new MutableClock(1_000);

    private LiveSender sender(Duration tail) {
        return new LiveSender(out, ID, PcmFormat.VOICE, tail, 300_000, clock);
    }

    /** {@code bytes} of PCM whose byte i is (start + i) mod 251, so any reordering or loss shows. */
    private static byte[] pcm(int start, int bytes) {
        byte[] b = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            b[i] = (byte) ((start + i) % 251);
        }
        return b;
    }

    private static byte[] pcmOf(byte[] wav) {
        return Arrays.copyOfRange(wav, Wav.HEADER_BYTES, wav.length);
    }

    @Test
    void capturedAudioLeavesIn20MsChunksNumberedFromZeroWhateverSizeTheMicrophoneDelivers() {
        LiveSender s = sender(Duration.ZERO);
        s.start();
        for (int i = 0; i < 5; i++) {
            assertThat(s.captured(pcm(i * 1000, 1000), 0, 1000)).isTrue();
        }
        // 5000 bytes: seven chunks of 640, 520 bytes waiting
        assertThat(out.calls).containsExactly("start v-1 16000/1", "chunk v-1 0 640", "chunk v-1 1 640",
                "chunk v-1 2 640", "chunk v-1 3 640", "chunk v-1 4 640", "chunk v-1 5 640", "chunk v-1 6 640");
        assertThat(out.chunkBytes()).isEqualTo(pcm(0, 4480));
    }

    @Test
    void finishSendsTheRestAsALastShorterChunkThenEndsWithTheWholeClip() {
        LiveSender s = sender(Duration.ZERO);
        s.start();
        s.captured(pcm(0, 1500), 0, 1500);
        s.release();
        LiveSender.Recording r = s.finish();
        assertThat(out.calls).containsExactly("start v-1 16000/1", "chunk v-1 0 640", "chunk v-1 1 640",
                "chunk v-1 2 220", "end v-1");
        assertThat(out.chunkBytes()).isEqualTo(pcm(0, 1500));
        assertThat(out.endedWav).isSameAs(r.wav());
        assertThat(pcmOf(r.wav())).isEqualTo(pcm(0, 1500));
        assertThat(r.durationMs()).isEqualTo(47); // 750 frames at 16 kHz
    }

    @Test
    void theMicrophoneStaysOpenForTheReleaseTailAndWhatItHearsThenIsSent() {
        LiveSender s = sender(Duration.ofMillis(200));
        s.start();
        s.captured(pcm(0, 640), 0, 640);
        s.release();
        assertThat(s.tailEndsAt()).isEqualTo(1_200);
        for (int i = 1; i <= 9; i++) {
            clock.advance(20);
            assertThat(s.captured(pcm(i * 640, 640), 0, 640)).as("chunk %d, %d ms after release", i, i * 20).isTrue();
        }
        clock.advance(20); // 200 ms after release: this piece is kept, and it is the last wanted
        assertThat(s.captured(pcm(6400, 640), 0, 640)).isFalse();
        LiveSender.Recording r = s.finish();
        assertThat(out.chunks).hasSize(11);
        assertThat(pcmOf(r.wav())).isEqualTo(pcm(0, 7040));
        assertThat(out.calls.get(out.calls.size() - 1)).isEqualTo("end v-1");
    }

    @Test
    void withNoTailNothingMoreIsWantedOnceReleased() {
        LiveSender s = sender(Duration.ZERO);
        s.start();
        assertThat(s.captured(pcm(0, 640), 0, 640)).isTrue();
        s.release();
        assertThat(s.captured(pcm(640, 640), 0, 640)).isFalse();
        assertThat(s.tailEndsAt()).isEqualTo(1_000);
    }

    @Test
    void theTailIsASettingFromZeroToOneSecond() {
        assertThat(LiveSender.DEFAULT_RELEASE_TAIL).isEqualTo(Duration.ofMillis(200));
        sender(Duration.ofMillis(1000));
        assertThatThrownBy(() -> sender(Duration.ofMillis(1001))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cancelSendsVoiceCancelAndNoClip() {
        LiveSender s = sender(Duration.ZERO);
        s.start();
        s.captured(pcm(0, 700), 0, 700);
        s.cancel();
        assertThat(s.captured(pcm(0, 700), 0, 700)).isFalse();
        assertThat(out.calls).containsExactly("start v-1 16000/1", "chunk v-1 0 640", "cancel v-1");
        assertThat(out.endedWav).isNull();
    }

    @Test
    void aStreamThatEndsEarlyStopsSendingChunksButTheWholeRecordingGoesWithTheSameId() {
        out.acceptChunks = 2; // the connection drops after two chunks
        LiveSender s = sender(Duration.ZERO);
        s.start();
        s.captured(pcm(0, 3200), 0, 3200);
        assertThat(s.streaming()).isFalse();
        s.captured(pcm(3200, 3200), 0, 3200);
        s.release();
        LiveSender.Recording r = s.finish();
        assertThat(out.calls).containsExactly("start v-1 16000/1", "chunk v-1 0 640", "chunk v-1 1 640",
                "chunk v-1 2 refused", "end v-1");
        assertThat(pcmOf(out.endedWav)).isEqualTo(pcm(0, 6400));
        assertThat(r.durationMs()).isEqualTo(200);
    }

    @Test
    void withoutLiveVoiceNothingIsStreamedAndTheClipGoesWhole() {
        out.offersLive = false;
        LiveSender s = sender(Duration.ZERO);
        assertThat(s.start()).isFalse();
        s.captured(pcm(0, 2000), 0, 2000);
        s.finish();
        assertThat(out.calls).containsExactly("start v-1 16000/1", "end v-1");
        assertThat(pcmOf(out.endedWav)).isEqualTo(pcm(0, 2000));
    }

    @Test
    void audioPastTheLongestClipIsNotKeptAndNoMoreIsWanted() {
        LiveSender s = new LiveSender(out, ID, PcmFormat.VOICE, Duration.ZERO, 50, clock); // 50 ms: 1600 bytes
        s.start();
        assertThat(s.captured(pcm(0, 1280), 0, 1280)).isTrue();
        assertThat(s.captured(pcm(1280, 640), 0, 640)).isFalse();
        LiveSender.Recording r = s.finish();
        assertThat(pcmOf(r.wav())).isEqualTo(pcm(0, 1600));
        assertThat(out.chunkBytes()).isEqualTo(pcm(0, 1600));
        assertThat(Wav.samples(ByteBuffer.wrap(r.wav()), inspect(r.wav()))).hasSize(800);
    }

    @Test
    void nothingCapturedCancelsInsteadOfSendingAnEmptyClip() {
        LiveSender s = sender(Duration.ZERO);
        s.start();
        assertThat(s.finish()).isNull();
        assertThat(out.calls).containsExactly("start v-1 16000/1", "cancel v-1");
    }

    private static dev.parley.protocol.WavInfo inspect(byte[] wav) {
        try {
            return Wav.inspect(ByteBuffer.wrap(wav));
        } catch (dev.parley.protocol.ProtocolException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void sealingMakesTheWholeClipWithoutHandingItOverAndDeliveringHandsItOverOnce() throws Exception {
        LiveSender s = sender(Duration.ZERO);
        s.start();
        s.captured(pcm(0, 1500), 0, 1500);
        s.release();
        LiveSender.Recording r = s.seal();
        assertThat(out.calls).as("the last chunk went, the clip did not yet").last().isEqualTo("chunk v-1 2 220");
        assertThat(Wav.inspect(ByteBuffer.wrap(r.wav())).durationMs()).isEqualTo(47);
        assertThat(pcmOf(r.wav())).isEqualTo(pcm(0, 1500));
        assertThat(s.captured(pcm(1500, 640), 0, 640)).as("sealed: no more audio").isFalse();
        s.deliver(r);
        assertThat(out.calls).last().isEqualTo("end v-1");
        assertThat(out.endedWav).isSameAs(r.wav());
        assertThatThrownBy(s::seal).isInstanceOf(IllegalStateException.class);
    }
}

