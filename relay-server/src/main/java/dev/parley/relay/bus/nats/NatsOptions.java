package dev.parley.relay.bus.nats;

import dev.parley.relay.ClusterOptions;
import io.nats.client.ConnectionListener;
import io.nats.client.ErrorListener;
import io.nats.client.Options;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** How the bus configures jnats: never blocking a publisher, reconnecting forever with back-off, noticing a dead peer. */
final class NatsOptions {
    /** Events that may wait in jnats's outgoing queue while connected (discarded beyond, never blocking the caller). */
    static final int OUTGOING_QUEUE_MESSAGES = 65_536;
    /** A server that answers no ping for two intervals is given up and reconnected (a partition, a dead host). */
    static final Duration PING_INTERVAL = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofMillis(250);
    static final Duration LONGEST_RETRY = Duration.ofSeconds(4);

    private NatsOptions() {
    }

    static Options build(ClusterOptions cluster, String relayId, long reconnectBufferBytes,
                         ConnectionListener connections, ErrorListener errors) {
        return new Options.Builder()
                .servers(cluster.servers().stream().map(URI::toString).toArray(String[]::new))
                .connectionName("parley-relay " + relayId)
                .noEcho()
                .maxReconnects(-1)
                .reconnectDelayHandler(NatsOptions::backOff)
                .connectionTimeout(NatsBus.CONNECT_TIMEOUT)
                .pingInterval(PING_INTERVAL)
                .maxPingsOut(2)
                .reconnectBufferSize(reconnectBufferBytes)
                .maxMessagesInOutgoingQueue(OUTGOING_QUEUE_MESSAGES)
                .discardMessagesWhenOutgoingQueueFull()
                .connectionListener(connections)
                .errorListener(errors)
                .build();
    }

    /** Wait before the next round of attempts: 0.25 s doubling to 4 s, plus up to a fifth more at random. */
    static Duration backOff(long rounds) {
        long millis = FIRST_RETRY.toMillis() << Math.min(Math.max(rounds - 1, 0), 10);
        millis = Math.min(millis, LONGEST_RETRY.toMillis());
        return Duration.ofMillis(millis + ThreadLocalRandom.current().nextLong(millis / 5 + 1));
    }
}
