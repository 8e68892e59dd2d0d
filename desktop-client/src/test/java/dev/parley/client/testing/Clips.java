package dev.parley.client.testing;

import dev.parley.protocol.Wav;

/** Test clips. */
public final class Clips {
    private Clips() {
    }

    /** A 16 kHz mono sine clip of {@code millis} ms. */
    public static byte[] tone(long millis, double hz) {
        int n = (int) (16 * millis);
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = (short) (Math.sin(2 * Math.PI * hz * i / 16000.0) * 12000);
        }
        return Wav.write(s, 16000, 1);
    }
}
