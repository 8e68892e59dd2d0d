package dev.parley.client.net;

/** A chat or voice message sent and not yet acknowledged by the relay's echo. */
public sealed interface Outgoing {
    String id();

    /** A text message. */
    record Text(String id, String text) implements Outgoing {
    }

    /** A voice clip (a whole WAV file). */
    record Voice(String id, byte[] wav) implements Outgoing {
    }
}
