package dev.parley.relay.net;

import io.netty.util.ResourceLeakDetector;

/**
 * Netty's buffer leak detector, off in a running relay unless asked for: at its default level it wraps one buffer in
 * 128 and records where it goes, which at a relay's rates is thousands of stack traces a second, and the wrapped
 * buffers' second type makes the compiler throw away and redo the code of every path they cross. The tests and anyone
 * hunting a leak turn it on with {@code -Dio.netty.leakDetection.level=simple} (or {@code paranoid}).
 */
public final class LeakDetection {
    public static final String PROPERTY = "io.netty.leakDetection.level";

    private LeakDetection() {
    }

    /** Turns the detector off unless {@value #PROPERTY} is set. */
    public static void offUnlessAsked() {
        if (System.getProperty(PROPERTY) == null) {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }
}
