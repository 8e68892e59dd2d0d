package dev.parley.client.audio;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.sound.sampled.Mixer;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeviceNamesTest {
    private static Mixer.Info info(String name, String description) {
        return new Mixer.Info(name, "ALSA (http://www.alsa-project.org)", description, "6.1") {
        };
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "default [default]|true", // ALSA's default device: with PulseAudio, the only one Java Sound sees
            "Primary Sound Driver|true", // DirectSound's default speaker
            "Primary Sound Capture Driver|true", // and microphone
            "Default Audio Device|true", // macOS
            "PCH [plughw:0,0]|false",
            "Speakers (Realtek High Definition Audio)|false",
            "Parley virtual speaker|false",
    })
    void theSystemDefaultUnderOtherNamesIsRecognised(String name, boolean alias) {
        assertThat(DeviceNames.isDefaultAlias(name)).isEqualTo(alias);
    }

    @Test
    void anAlsaDeviceIsShownByWhatItIsNotByItsCardNumber() {
        assertThat(DeviceNames.label(info("PCH [plughw:0,0]",
                "Direct Audio Device: HDA Intel PCH, ALC892 Analog, ALC892 Analog")))
                .isEqualTo("HDA Intel PCH, ALC892 Analog");
        assertThat(DeviceNames.label(info("Headset [plughw:2,0]", "Direct Audio Device: Jabra EVOLVE 20, USB Audio, ")))
                .isEqualTo("Jabra EVOLVE 20, USB Audio");
    }

    @Test
    void otherDevicesKeepTheirNames() {
        assertThat(DeviceNames.label(info("Speakers (Realtek High Definition Audio)", "Direct Audio Device: DirectSound Playback")))
                .isEqualTo("Speakers (Realtek High Definition Audio)");
        assertThat(DeviceNames.label(info("PCH [plughw:0,0]", null))).isEqualTo("PCH [plughw:0,0]");
        assertThat(DeviceNames.label(info("PCH [plughw:0,0]", "Direct Audio Device: ,"))).isEqualTo("PCH [plughw:0,0]");
    }

    @Test
    void aSoundServerIsSeenByItsSocketOrItsAddressOnLinuxOnly() {
        Path socket = Path.of("/run/user/1000", "pulse", "native");
        assertThat(DeviceNames.soundServerRunning("Linux", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), socket::equals))
                .isTrue();
        assertThat(DeviceNames.soundServerRunning("Linux", Map.of("XDG_RUNTIME_DIR", "/run/user/1000"), p -> false))
                .isFalse();
        assertThat(DeviceNames.soundServerRunning("Linux", Map.of("PULSE_SERVER", "tcp:host"), p -> false)).isTrue();
        assertThat(DeviceNames.soundServerRunning("Linux", Map.of(), p -> true)).isFalse();
        assertThat(DeviceNames.soundServerRunning("Windows 11", Map.of("PULSE_SERVER", "tcp:host"), p -> true))
                .isFalse();
    }
}
