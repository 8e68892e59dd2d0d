package dev.parley.client.audio;

import dev.parley.client.ui.common.Messages;

import java.util.Locale;

/**
 * The sentences people see when sound fails: keys of the app's resource bundle, in the language the app speaks
 * ({@link JavaSoundVoiceIo#speak}; English until then).
 */
final class SoundTexts {
    static final String NO_SOUND_SYSTEM = "sound.noSoundSystem";
    static final String NO_MICROPHONE = "sound.noMicrophone";
    static final String MICROPHONE_BUSY = "sound.microphoneBusy";
    static final String MICROPHONE_REFUSED = "sound.microphoneRefused";
    static final String MICROPHONE_LOST = "sound.microphoneLost";
    static final String NO_SPEAKER = "sound.noSpeaker";
    static final String SPEAKER_BUSY = "sound.speakerBusy";
    static final String SPEAKER_REFUSED = "sound.speakerRefused";
    static final String SPEAKER_LOST = "sound.speakerLost";
    static final String BAD_CLIP = "sound.badClip";
    static final String SOUND_SERVER = "settings.device.pulseAudio";
    private static volatile Messages messages = new Messages(Locale.ENGLISH);

    private SoundTexts() {
    }

    static void use(Messages chosen) {
        messages = chosen;
    }

    /** The sentence for {@code key} in the app's language. */
    static String get(String key) {
        return messages.get(key);
    }
}
