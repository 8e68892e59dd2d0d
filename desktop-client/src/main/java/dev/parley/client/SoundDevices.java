package dev.parley.client;

import dev.parley.client.chat.NoVoiceIo;
import dev.parley.client.chat.VoiceIo;
import dev.parley.client.settings.Settings;

/** Chooses the app's sound implementation. */
final class SoundDevices {
    private SoundDevices() {
    }

    static VoiceIo forSettings(Settings settings) {
        return new NoVoiceIo("Sound is not available in this build.");
    }
}
