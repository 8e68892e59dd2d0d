package dev.parley.client.net;

/**
 * Who joins which room of which relay.
 *
 * @param password          room password, or {@code null}
 * @param pinnedFingerprint the certificate to trust, or {@code null} when none is known yet
 */
public record JoinRequest(RelayAddress address, String nick, String room, String password, String pinnedFingerprint) {

    /** The same request trusting another certificate. */
    public JoinRequest withPin(String fingerprint) {
        return new JoinRequest(address, nick, room, password, fingerprint);
    }
}
