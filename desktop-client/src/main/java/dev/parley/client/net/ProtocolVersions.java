package dev.parley.client.net;

import dev.parley.protocol.Protocol;

import java.util.List;
import java.util.OptionalInt;

/**
 * The protocol versions this app speaks, newest first: its first {@code hello} asks for the newest, and a relay that
 * answers 4426 is asked for the next lower one ({@link #below}) until one is accepted or none is left.
 */
public final class ProtocolVersions {
    /** Newest first. A version the app learns to speak goes at the front. */
    static final List<Integer> SPOKEN = List.of(Protocol.VERSION_3, Protocol.VERSION_2, Protocol.VERSION_1);

    private ProtocolVersions() {
    }

    /** The version a new connection asks for. */
    public static int newest() {
        return SPOKEN.get(0);
    }

    /** The newest version this app speaks that is older than {@code version}, if any. */
    public static OptionalInt below(int version) {
        return SPOKEN.stream().mapToInt(Integer::intValue).filter(v -> v < version).max();
    }
}
