package dev.parley.client;

import dev.parley.client.net.RelayConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * The JVM shutdown hook's work. On SIGTERM (system shutdown, {@code kill}) JavaFX's {@code stop()} is not called:
 * this leaves the room with a close frame, waiting a moment for the relay's answer so the frame is really out, and
 * stops the hosted relay, so others see a clean leave rather than a dropped connection (1006).
 */
final class ShutdownClose implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(ShutdownClose.class);
    static final long WAIT_MILLIS = 2000;

    private final Supplier<RelayConnection> connection;
    private final Runnable closeHosted;

    /** @param connection the room's connection now, or {@code null} when in none */
    ShutdownClose(Supplier<RelayConnection> connection, Runnable closeHosted) {
        this.connection = connection;
        this.closeHosted = closeHosted;
    }

    @Override
    public void run() {
        RelayConnection c = connection.get();
        if (c != null && !c.closeAndWait(WAIT_MILLIS)) {
            log.info("the relay did not answer the close frame within {} ms", WAIT_MILLIS);
        }
        closeHosted.run();
    }
}
