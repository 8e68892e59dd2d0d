package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.sound.VoiceIo.VoiceUnavailableException;
import dev.parley.client.ui.common.Messages;
import dev.parley.protocol.Wav;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which devices Java Sound offers, and what people are told when there is none or it refuses. */
@ExtendWith(VirtualDevices.class)
class JavaSoundDevicesTest {
    private static final String SENTENCE = "[A-Z].*\\.";
    private final VoiceIo io = new JavaSoundVoiceIo("", "");

    @Test
    void listsTheVirtualMicrophoneAsInputAndTheVirtualSpeakerAsOutput() {
        assertThat(io.inputNames()).contains(VirtualMicrophone.NAME).doesNotContain(VirtualSpeaker.NAME);
        assertThat(io.outputNames()).contains(VirtualSpeaker.NAME).doesNotContain(VirtualMicrophone.NAME);
        assertThat(io.hasInput()).isTrue();
        assertThat(io.hasOutput()).isTrue();
    }

    @Test
    void withoutAMicrophoneRecordingSaysSo() {
        VirtualMicrophone.present(false);
        assumeNoRealDevices();

        assertThat(io.hasInput()).isFalse();
        assertThat(io.inputNames()).isEmpty();
        assertThat(io.hasOutput()).isTrue();
        assertThatThrownBy(() -> io.record(1000, new CaptureLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.NO_MICROPHONE))
                .hasMessageMatching(SENTENCE);
        assertThat(VirtualMicrophone.allLines()).isEmpty();
    }

    @Test
    void eachSoundSaysWhatGoesWrongInItsOwnLanguageWithNothingShared() {
        VirtualMicrophone.present(false);
        assumeNoRealDevices();
        Messages chinese = new Messages(Messages.localeFor("zh-CN"));
        VoiceIo zh = JavaSoundVoiceIo.following(() -> "", () -> "", chinese);

        assertThatThrownBy(() -> zh.record(1000, new CaptureLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(chinese.get(SoundTexts.NO_MICROPHONE))
                .hasMessageNotContaining("microphone");
        assertThatThrownBy(() -> io.record(1000, new CaptureLog()))
                .as("one made in English at the same time still speaks English")
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.NO_MICROPHONE))
                .hasMessageContaining("microphone");
    }

    @Test
    void withoutASpeakerPlayingSaysSo() {
        VirtualSpeaker.present(false);
        assumeNoRealDevices();

        assertThat(io.hasOutput()).isFalse();
        assertThat(io.outputNames()).isEmpty();
        assertThat(io.hasInput()).isTrue();
        assertThatThrownBy(() -> io.play(clip(), new PlaybackLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.NO_SPEAKER))
                .hasMessageMatching(SENTENCE);
        assertThat(VirtualSpeaker.allLines()).isEmpty();
    }

    @Test
    void aNamedDeviceIsTheOneUsed() throws Exception {
        VoiceIo named = new JavaSoundVoiceIo(VirtualMicrophone.NAME, VirtualSpeaker.NAME);

        named.record(1000, new CaptureLog()).cancel();
        named.play(clip(), new PlaybackLog()).stop();

        assertThat(VirtualMicrophone.allLines()).hasSize(1);
        assertThat(VirtualSpeaker.allLines()).hasSize(1);
    }

    @Test
    void aNamedDeviceThatIsGoneFallsBackToTheDefault() throws Exception {
        assumeNoRealDevices();
        VoiceIo unplugged = new JavaSoundVoiceIo("USB headset (unplugged)", "USB speaker (unplugged)");

        assertThat(unplugged.hasInput()).isTrue();
        assertThat(unplugged.hasOutput()).isTrue();
        unplugged.record(1000, new CaptureLog()).cancel();
        unplugged.play(clip(), new PlaybackLog()).stop();

        assertThat(VirtualMicrophone.allLines()).hasSize(1);
        assertThat(VirtualSpeaker.allLines()).hasSize(1);
    }

    @Test
    void aBusyMicrophoneIsReportedAsBusy() {
        VirtualMicrophone.busy(true);
        assertThatThrownBy(() -> new JavaSoundVoiceIo(VirtualMicrophone.NAME, "").record(1000, new CaptureLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.MICROPHONE_BUSY))
                .hasCauseInstanceOf(LineUnavailableException.class);
    }

    @Test
    void aBusySpeakerIsReportedAsBusy() {
        VirtualSpeaker.busy(true);
        assertThatThrownBy(() -> new JavaSoundVoiceIo("", VirtualSpeaker.NAME).play(clip(), new PlaybackLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.SPEAKER_BUSY))
                .hasCauseInstanceOf(LineUnavailableException.class);
    }

    @Test
    void aMicrophoneWithNoUsableFormatIsRefused() {
        VirtualMicrophone.offer(new AudioFormat(8000, 8, 1, false, false));
        assertThatThrownBy(() -> new JavaSoundVoiceIo(VirtualMicrophone.NAME, "").record(1000, new CaptureLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.MICROPHONE_REFUSED))
                .hasMessageMatching(SENTENCE);
        assertThat(VirtualMicrophone.allLines()).isEmpty();
    }

    @Test
    void aDamagedClipIsNotPlayed() {
        byte[] damaged = Arrays.copyOf(clip(), 30);
        assertThatThrownBy(() -> io.play(damaged, new PlaybackLog()))
                .isInstanceOf(VoiceUnavailableException.class)
                .hasMessage(SoundTexts.ENGLISH.get(SoundTexts.BAD_CLIP))
                .hasMessageMatching(SENTENCE);
        assertThat(VirtualSpeaker.allLines()).isEmpty();
    }

    @Test
    void followingAsksForTheDeviceNamesAtEveryStart() throws Exception {
        AtomicInteger inputAsked = new AtomicInteger();
        AtomicInteger outputAsked = new AtomicInteger();
        VoiceIo following = JavaSoundVoiceIo.following(() -> {
            inputAsked.incrementAndGet();
            return VirtualMicrophone.NAME;
        }, () -> {
            outputAsked.incrementAndGet();
            return VirtualSpeaker.NAME;
        });

        following.record(1000, new CaptureLog()).cancel();
        following.record(1000, new CaptureLog()).cancel();
        following.play(clip(), new PlaybackLog()).stop();

        assertThat(inputAsked).hasValue(2);
        assertThat(outputAsked).hasValue(1);
        assertThat(following).isInstanceOf(JavaSoundVoiceIo.class);
    }

    private static byte[] clip() {
        return Wav.write(Sounds.tone(16000, 1, 0.5, 440, 0.3), 16000, 1);
    }

    /** Tests of absence only hold where the virtual devices are the only ones (as on the build machine). */
    private static void assumeNoRealDevices() {
        VirtualDevices.assumeNoRealDevices();
    }

    @Test
    void besideTheListsItSaysWhenASoundServerHidesTheDevices() {
        VoiceIo withServer = new JavaSoundVoiceIo(() -> "", () -> "", () -> true, SoundTexts.ENGLISH);
        VoiceIo without = new JavaSoundVoiceIo(() -> "", () -> "", () -> false, SoundTexts.ENGLISH);

        assertThat(withServer.devicesNote()).isEqualTo(SoundTexts.ENGLISH.get(SoundTexts.SOUND_SERVER)).contains("PulseAudio");
        assertThat(without.devicesNote()).isEmpty();
    }

    @Test
    void devicesAreShownByTheirNamesWhenTheseAreNotAlsaCardNumbers() {
        assertThat(io.label(VirtualMicrophone.NAME)).isEqualTo(VirtualMicrophone.NAME);
        assertThat(io.label("unplugged [plughw:9,0]")).isEqualTo("unplugged [plughw:9,0]");
        assertThat(io.inputNames()).noneMatch(DeviceNames::isDefaultAlias);
    }
}
