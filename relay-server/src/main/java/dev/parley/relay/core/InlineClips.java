package dev.parley.relay.core;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How big a stored clip's frame may be to reach the other relays inside its bus event: a bigger one goes by reference
 * (the event names its seq, each relay reads the clip from the shared store). The hidden system property
 * {@value #PROPERTY}, read once when the relay joins its cluster, sets it for measurements; by default a clip goes
 * inline whenever the bus takes it (NATS's {@code max_payload}).
 */
final class InlineClips {
    static final String PROPERTY = "parley.cluster.inlineClipBytes";
    /** Inline whenever the bus takes the event. */
    static final int AS_THE_BUS_TAKES = Integer.MAX_VALUE;
    private static final Logger log = LoggerFactory.getLogger(Peers.class);

    private InlineClips() {
    }

    /** The limit {@value #PROPERTY} sets, or {@link #AS_THE_BUS_TAKES} without it. */
    static int fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }

    /**
     * The limit in {@code value}: a whole number of bytes, 0 or more (0: every clip by reference); {@code null} or
     * blank: {@link #AS_THE_BUS_TAKES}. A value that is not one is logged and ignored.
     */
    static int parse(String value) {
        if (value == null || value.isBlank()) {
            return AS_THE_BUS_TAKES;
        }
        int bytes;
        try {
            bytes = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            bytes = -1;
        }
        if (bytes < 0) {
            log.warn("cluster: ignoring -D{}={}: not a whole number of bytes, 0 or more; clips go inline when the bus "
                    + "takes them", PROPERTY, value);
            return AS_THE_BUS_TAKES;
        }
        log.info("cluster: stored clips over {} bytes go to the other relays by reference, read from the store (-D{})",
                bytes, PROPERTY);
        return bytes;
    }
}
