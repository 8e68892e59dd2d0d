package dev.parley.relay.core;

import dev.parley.protocol.RelayAddress;

import java.util.List;

/**
 * The relays a {@code welcome} lists ({@code welcome.relays}): the cluster's relays that clients may fail over to,
 * this relay included when it is advertised. Asked once per welcome, on the joining connection's thread: it must answer
 * at once (no network, no disk) and be thread-safe.
 */
@FunctionalInterface
public interface RelayDirectory {
    /** Lists nothing: the welcome carries no {@code relays}. */
    RelayDirectory NONE = List::of;

    /** The relays to list now, in the order clients should try them; empty for none. */
    List<RelayAddress> relays();

    /**
     * Whether {@code hostPort} ({@link RelayAddress#hostPort()}, lower case) is, or since this relay started was, the
     * address of a listed relay: a web page that relay served may fail over here even after that relay is gone.
     */
    default boolean listedOnce(String hostPort) {
        for (RelayAddress r : relays()) {
            if (r.hostPort().equals(hostPort)) {
                return true;
            }
        }
        return false;
    }

    /** Makes a relay's directory once its certificate, whose fingerprint its own entry carries, is known. */
    @FunctionalInterface
    interface Source {
        /** The directory of the relay whose certificate has this SHA-256 fingerprint ({@code AB:CD:…}). */
        RelayDirectory forRelay(String fingerprint);
    }

    /** A relay on its own: lists {@code self} when it is advertised ({@code --advertise}), else nothing. */
    static RelayDirectory single(RelayAddress self) {
        if (self == null) {
            return NONE;
        }
        List<RelayAddress> only = List.of(self);
        return () -> only;
    }
}
