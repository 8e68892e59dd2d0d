package dev.parley.relay.web.browser;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How a test's {@link Browser} is set up: its microphone, its screen and its language.
 *
 * @param microphone  what {@code getUserMedia} gets
 * @param microphoneWav the WAV file the fake microphone plays in a loop (absolute), for {@link Microphone#FAKE_FILE}
 * @param phone       a 360 × 640 touch screen (mobile emulation) instead of a 1280 × 900 desktop window
 * @param language    the browser's language, for {@code --lang} and {@code Accept-Language} ({@code en-US}, {@code zh-CN})
 */
public record BrowserOptions(Microphone microphone, Path microphoneWav, boolean phone, String language) {

    /** What the page's {@code getUserMedia} gets. */
    public enum Microphone {
        /** Allowed without a prompt, fed from {@link BrowserOptions#microphoneWav}. */
        FAKE_FILE,
        /** Blocked by the profile's content setting: {@code getUserMedia} rejects with {@code NotAllowedError}. */
        DENIED
    }

    public BrowserOptions {
        Objects.requireNonNull(microphone);
        Objects.requireNonNull(language);
        if (microphone == Microphone.FAKE_FILE && (microphoneWav == null || !microphoneWav.isAbsolute())) {
            throw new IllegalArgumentException("the fake microphone needs an absolute WAV path, not " + microphoneWav);
        }
    }

    /** A desktop window in English whose microphone plays {@code wav}. */
    public static BrowserOptions desktop(Path wav) {
        return new BrowserOptions(Microphone.FAKE_FILE, wav.toAbsolutePath(), false, "en-US");
    }

    /** The same browser on a phone-sized touch screen. */
    public BrowserOptions onPhone() {
        return new BrowserOptions(microphone, microphoneWav, true, language);
    }

    /** The same browser with the microphone blocked. */
    public BrowserOptions microphoneDenied() {
        return new BrowserOptions(Microphone.DENIED, microphoneWav, phone, language);
    }

    public BrowserOptions inLanguage(String language) {
        return new BrowserOptions(microphone, microphoneWav, phone, language);
    }
}
