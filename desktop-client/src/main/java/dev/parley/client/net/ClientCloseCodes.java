package dev.parley.client.net;

import dev.parley.protocol.CloseCodes;

/**
 * Close codes the app handles beyond those in {@link CloseCodes}. {@link #TOO_MANY_PASSWORD_ATTEMPTS} is the
 * relay's new 4429; once shared-protocol names it, this class should refer to that constant.
 */
public final class ClientCloseCodes {
    /** Too many wrong passwords from this address: try again later. Not retried, like a wrong password. */
    public static final int TOO_MANY_PASSWORD_ATTEMPTS = 4429;

    private ClientCloseCodes() {
    }

    /** Whether the app should stop rather than reconnect after this close code. */
    public static boolean isFatal(int code) {
        return CloseCodes.isFatalForClient(code) || code == TOO_MANY_PASSWORD_ATTEMPTS;
    }
}
