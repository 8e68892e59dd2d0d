package dev.parley.client.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The virtual microphone and speaker for programs outside this package (the screenshot tour). */
public final class VirtualSound {
    private VirtualSound() {
    }

    /** Resets both devices and makes the microphone hear {@code wav} from the next recording on. */
    public static void microphoneHears(byte[] wav) {
        VirtualMicrophone.reset();
        VirtualSpeaker.reset();
        VirtualMicrophone.feed(wav);
    }

    /** A spoken clip from the test resources ({@code spoken-hello.wav}, {@code spoken-printer.wav}). */
    public static byte[] spoken(String name) {
        try (InputStream in = VirtualSound.class.getResourceAsStream(name)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
