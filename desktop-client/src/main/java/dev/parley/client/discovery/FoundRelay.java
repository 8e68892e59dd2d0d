package dev.parley.client.discovery;

import dev.parley.client.net.RelayAddress;
import dev.parley.protocol.Protocol;
import dev.parley.relay.discovery.Announcement;

/**
 * A relay announced on the local network.
 *
 * @param id          stable while the relay stays announced: the service name and the interface it was seen on
 * @param name        display name it announces
 * @param address     where it listens
 * @param fingerprint SHA-256 fingerprint it announces for its certificate ({@code AB:CD:...}); the certificate it
 *                    presents may differ (the connect flow checks); {@code null} for a relay found on this
 *                    computer without an announcement ({@link LocalRelayProbe})
 * @param protocol    wire protocol version it speaks
 * @param people      members joined, or {@link Announcement#PEOPLE_UNKNOWN}
 * @param cluster     the cluster it announces itself as one of, or {@code null} for a relay on its own
 */
public record FoundRelay(String id, String name, RelayAddress address, String fingerprint, int protocol, int people,
                         Announcement.Cluster cluster) {

    /** A relay on its own. */
    public FoundRelay(String id, String name, RelayAddress address, String fingerprint, int protocol, int people) {
        this(id, name, address, fingerprint, protocol, people, null);
    }

    public static FoundRelay of(String id, RelayAddress address, Announcement announcement) {
        return new FoundRelay(id, announcement.name(), address, announcement.fingerprint(), announcement.protocol(),
                announcement.people(), announcement.cluster());
    }

    /** The announced service, whichever interface it was seen on: the same relay seen twice counts once. */
    public String service() {
        int at = id.lastIndexOf('@');
        return at < 0 ? id : id.substring(0, at);
    }

    /** Whether this app speaks its protocol. */
    public boolean compatible() {
        return protocol == Protocol.VERSION;
    }

    public boolean peopleKnown() {
        return people != Announcement.PEOPLE_UNKNOWN;
    }
}
