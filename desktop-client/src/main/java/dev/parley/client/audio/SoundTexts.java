package dev.parley.client.audio;

import dev.parley.client.ui.common.Messages;

import java.util.Locale;

/**
 * The sentences people see when sound fails: keys of the app's resource bundle, in the language given (each
 * {@link JavaSoundVoiceIo} has its own, passed down to the lines it opens). Immutable.
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
    /** For code that has not been told the app's language (tests, tools). */
    static final SoundTexts ENGLISH = new SoundTexts(new Messages(Locale.ENGLISH));

    private final Messages messages;

    SoundTexts(Messages messages) {
        this.messages = messages;
    }

    /** The sentence for {@code key} in this language. */
    String get(String key) {
        return messages.get(key);
    }
}
