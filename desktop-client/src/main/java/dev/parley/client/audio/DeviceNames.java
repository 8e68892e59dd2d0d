package dev.parley.client.audio;

import javax.sound.sampled.Mixer;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.nio.file.Path;

/**
 * How Java Sound's mixers are shown to people. Some mixers are the system's default device under another name
 * (ALSA's {@code default [default]}, DirectSound's "Primary Sound Driver", macOS's "Default Audio Device"): the
 * settings offer "System default" already, so these are not listed again. ALSA mixers are named by card and
 * device number ({@code PCH [plughw:0,0]}); their description says what they are ("HDA Intel PCH, ALC892
 * Analog"), and that is what is shown.
 */
final class DeviceNames {
    private static final Set<String> DEFAULT_ALIASES = Set.of("default [default]", "primary sound driver",
            "primary sound capture driver", "default audio device");
    private static final String DIRECT_AUDIO = "Direct Audio Device: ";

    private DeviceNames() {
    }

    /** Whether {@code mixerName} is the system default device under another name. */
    static boolean isDefaultAlias(String mixerName) {
        return DEFAULT_ALIASES.contains(mixerName.strip().toLowerCase(Locale.ROOT));
    }

    /** A name people recognise for the mixer: an ALSA device's description, else the mixer's own name. */
    static String label(Mixer.Info info) {
        String name = info.getName();
        String description = info.getDescription() == null ? "" : info.getDescription().strip();
        if (!name.matches(".*\\[(plug)?hw:[^]]*]") || !description.startsWith(DIRECT_AUDIO)) {
            return name;
        }
        // "HDA Intel PCH, ALC892 Analog, ALC892 Analog": the card, then the device's name and its subdevice's
        Set<String> parts = new LinkedHashSet<>();
        for (String part : description.substring(DIRECT_AUDIO.length()).split(",")) {
            if (!part.isBlank()) {
                parts.add(part.strip());
            }
        }
        return parts.isEmpty() ? name : String.join(", ", parts);
    }

    /**
     * Whether a PulseAudio server (or PipeWire's, which speaks its protocol) runs for this user on Linux: then
     * Java Sound, which talks to ALSA only, reaches it through ALSA's default device and sees no other.
     */
    static boolean soundServerRunning(String osName, Map<String, String> env, Predicate<Path> exists) {
        if (!osName.toLowerCase(Locale.ROOT).contains("linux")) {
            return false;
        }
        if (env.get("PULSE_SERVER") != null && !env.get("PULSE_SERVER").isBlank()) {
            return true;
        }
        String runtime = env.get("XDG_RUNTIME_DIR");
        return runtime != null && !runtime.isBlank() && exists.test(Path.of(runtime, "pulse", "native"));
    }
}
