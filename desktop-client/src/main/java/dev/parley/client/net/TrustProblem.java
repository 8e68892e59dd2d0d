package dev.parley.client.net;

/**
 * The relay presented a certificate that is not the pinned one.
 *
 * @param address     the relay
 * @param seen        fingerprint of the certificate it presented
 * @param trustedBefore fingerprint remembered for this relay, or {@code null} on first contact
 */
public record TrustProblem(RelayAddress address, String seen, String trustedBefore) {
    /** Whether a certificate was trusted for this relay before and this one differs: refuse, do not ask. */
    public boolean changed() {
        return trustedBefore != null;
    }
}
