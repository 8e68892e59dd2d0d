package dev.parley.bench;

import java.io.IOException;

/**
 * A reference server that cannot run on this machine (e.g. its runtime is not installed): thrown by
 * {@link Target#start} before anything is measured. A scenario whose references include such a server (text, for
 * socket.io) catches it, prints the message, one line saying what was skipped and how to install it, and goes on
 * without that reference.
 */
public class ReferenceUnavailable extends IOException {
    private static final long serialVersionUID = 1L;

    /** {@code reference} is what is skipped ("socket.io reference"), {@code why} why and what to install. */
    public ReferenceUnavailable(String reference, String why) {
        super(reference + " skipped: " + why);
    }
}
