package dev.parley.client;

import dev.parley.client.audio.JavaSoundVoiceIo;
import dev.parley.client.sound.VoiceIo;
import dev.parley.client.settings.Settings;
import dev.parley.client.ui.common.Messages;

/**
 * Chooses the app's sound implementation: Java Sound on the devices chosen in settings. The device names are read
 * from the settings each time a recording or playback starts, so a new choice applies without a restart (and the
 * settings dialog's microphone test, which sets the input device for the moment it starts, uses the device shown).
 */
final class SoundDevices {
    private SoundDevices() {
    }

    static VoiceIo forSettings(Settings settings) {
        return JavaSoundVoiceIo.following(settings.inputDeviceProperty()::get, settings.outputDeviceProperty()::get,
                new Messages(Messages.localeFor(settings.languageProperty().get())));
    }
}
