package dev.parley.client.net;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.relay.testing.ManualScheduler;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The outbox without sockets: a wire that records what it was given while "joined", and a clock moved by hand. */
class OutboxTest {
    private final List<String> sent = new ArrayList<>();
    private boolean joined;
    private final ManualScheduler scheduler = new ManualScheduler(MutableClock.stopped());
    private final Outbox outbox = new Outbox(m -> {
        if (joined) {
            sent.add(m.id());
        }
    }, scheduler);

    private static ServerMessage.Error error(ErrorCode code, String ref) {
        return new ServerMessage.Error(code, "x", ref);
    }

    @Test
    void aMessageGoesAtOnceWhenJoinedAndIsKeptUntilAcknowledged() {
        joined = true;
        outbox.send(new Outgoing.Text("c-1", "hi"));
        assertThat(sent).containsExactly("c-1");
        assertThat(outbox.size()).isEqualTo(1);
        outbox.acknowledged("c-1");
        assertThat(outbox.size()).isZero();
    }

    @Test
    void whatWasSentWhileDisconnectedGoesAfterTheWelcomeOldestFirstAndAgainAfterTheNext() {
        outbox.send(new Outgoing.Text("c-1", "one"));
        outbox.send(new Outgoing.Voice("v-2", new byte[] {1}));
        outbox.keep(new Outgoing.Text("c-3", "three"));
        assertThat(sent).isEmpty();
        joined = true;
        outbox.resendAll();
        assertThat(sent).containsExactly("c-1", "v-2", "c-3");
        outbox.acknowledged("v-2");
        sent.clear();
        outbox.resendAll();
        assertThat(sent).as("same ids, the acknowledged one not again").containsExactly("c-1", "c-3");
    }

    @Test
    void aRateLimitedMessageIsSentAgainTwoSecondsLater() {
        joined = true;
        outbox.send(new Outgoing.Text("c-1", "hi"));
        outbox.refused(error(ErrorCode.RATE_LIMITED, "c-1"));
        scheduler.advance(Duration.ofMillis(Outbox.RATE_LIMIT_RETRY_MILLIS - 1));
        assertThat(sent).containsExactly("c-1");
        scheduler.advance(Duration.ofMillis(1));
        assertThat(sent).containsExactly("c-1", "c-1");
        assertThat(outbox.size()).isEqualTo(1);
    }

    @Test
    void aRateLimitedMessageAcknowledgedMeanwhileIsNotSentAgain() {
        joined = true;
        outbox.send(new Outgoing.Text("c-1", "hi"));
        outbox.refused(error(ErrorCode.RATE_LIMITED, "c-1"));
        outbox.acknowledged("c-1");
        scheduler.advance(Duration.ofSeconds(5));
        assertThat(sent).containsExactly("c-1");
    }

    @Test
    void anyOtherRefusalDropsTheMessageForGood() {
        joined = true;
        outbox.send(new Outgoing.Voice("v-1", new byte[] {1}));
        outbox.refused(error(ErrorCode.BAD_AUDIO, "v-1"));
        assertThat(outbox.size()).isZero();
        scheduler.advance(Duration.ofSeconds(5));
        outbox.resendAll();
        assertThat(sent).containsExactly("v-1");
    }

    @Test
    void errorsAboutNoMessageOfOursChangeNothing() {
        outbox.send(new Outgoing.Text("c-1", "hi"));
        outbox.refused(error(ErrorCode.BAD_REQUEST, null));
        outbox.refused(error(ErrorCode.BAD_REQUEST, "someone-else"));
        outbox.refused(error(ErrorCode.RATE_LIMITED, "gone"));
        assertThat(outbox.size()).isEqualTo(1);
        assertThat(scheduler.waiting()).isZero();
    }
}
