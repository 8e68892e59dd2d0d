package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceCodec;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.store.SqliteMessageStore;
import dev.parley.relay.testing.ManualScheduler;
import dev.parley.relay.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A live stream that gets no chunk for the idle timeout is ended by the relay; chunks keep it alive. Time is the
 * relay's clock, moved by the test: the relay's timers run when the test advances it, so nothing waits in real time.
 */
class LiveVoiceIdleTimeoutTest {
    private static final Duration IDLE = Duration.ofMillis(600);
    private static final Duration JUST_UNDER = IDLE.minusMillis(1);

    @TempDir
    Path dir;
    private final MutableClock clock = MutableClock.stopped();
    private final ManualScheduler timers = new ManualScheduler(clock);
    private SqliteMessageStore store;
    private Relay relay;
    private final FakeMember alice = new FakeMember();
    private final FakeMember bob = new FakeMember();
    private Session a;

    /** Alice speaks and Bob listens, both on protocol 2; Bob has seen stream "v-1" start. */
    @BeforeEach
    void aliceStartsAStream() throws Exception {
        RelayConfig config = RelayConfig.defaults().withDataDir(dir).withRateLimits(RateLimits.UNLIMITED)
                .withLiveIdleTimeout(IDLE).withClock(clock);
        store = SqliteMessageStore.open(dir, config.retention(), config.clock());
        relay = new Relay(config, store, timers, timers);
        a = join(alice, "alice");
        join(bob, "bob");
        alice.next(ServerMessage.Presence.class);

        relay.onText(a, ClientCodec.encode(new ClientMessage.VoiceStart("v-1", VoiceCodec.PCM16, 16_000, 1)));
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.RECORDING);
        assertThat(bob.next(ServerMessage.VoiceStart.class).id()).isEqualTo("v-1");
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        store.close();
    }

    @Test
    void aStreamWithoutChunksForTheIdleTimeoutIsEndedAndNothingIsStored() throws Exception {
        chunk(0);
        assertThat(bob.next(ServerMessage.VoiceChunk.class).n()).isZero();

        timers.advance(JUST_UNDER);
        assertThat(alice.received).as("quiet for less than the idle timeout").isEmpty();
        assertThat(bob.received).isEmpty();

        timers.advance(Duration.ofMillis(1));
        ServerMessage.Error e = alice.next(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        assertThat(e.ref()).isEqualTo("v-1");
        assertThat(e.message()).isEqualTo("no chunk for 600 ms; the stream is ended and nothing was stored");
        assertThat(bob.next(ServerMessage.VoiceAbort.class)).isEqualTo(
                new ServerMessage.VoiceAbort("v-1", "alice", AbortReason.TIMEOUT));
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);

        chunk(1);
        assertThat(alice.next(ServerMessage.Error.class).message()).as("the stream is gone")
                .isEqualTo("chunk for stream \"v-1\", which is not open on this connection");
        relay.onText(a, ClientCodec.encode(new ClientMessage.Chat("c-1", "still here")));
        assertThat(bob.next(ServerMessage.Chat.class).seq()).as("the connection works; the stream stored nothing")
                .isEqualTo(1);
        assertThat(timers.waiting()).as("no idle check left behind").isZero();
    }

    @Test
    void theIdleTimeoutCountsFromTheStartWhenNoChunkCame() throws Exception {
        timers.advance(JUST_UNDER);
        assertThat(alice.received).isEmpty();

        timers.advance(Duration.ofMillis(1));
        assertThat(alice.next(ServerMessage.Error.class).ref()).isEqualTo("v-1");
        assertThat(bob.next(ServerMessage.VoiceAbort.class).reason()).isEqualTo(AbortReason.TIMEOUT);
    }

    @Test
    void chunksKeepTheStreamAliveLongerThanTheIdleTimeout() throws Exception {
        int n = 0;
        for (Duration quiet = Duration.ZERO; quiet.compareTo(IDLE.multipliedBy(3)) < 0; quiet = quiet.plus(JUST_UNDER)) {
            timers.advance(JUST_UNDER); // each chunk comes just before the stream would time out
            chunk(n);
            assertThat(bob.next(ServerMessage.VoiceChunk.class).n()).isEqualTo(n);
            n++;
        }
        assertThat(alice.received).as("no error while chunks keep coming").isEmpty();

        relay.onText(a, ClientCodec.encode(new ClientMessage.VoiceEnd("v-1")));
        ServerMessage.Voice stored = alice.next(ServerMessage.Voice.class);
        assertThat(stored.id()).isEqualTo("v-1");
        assertThat(stored.bytes()).isEqualTo(44 + 2L * n);
        assertThat(timers.waiting()).as("the ended stream's idle check is cancelled").isZero();
    }

    @Test
    void cancellingTheStreamStopsItsIdleCheck() throws Exception {
        relay.onText(a, ClientCodec.encode(new ClientMessage.VoiceCancel("v-1")));
        assertThat(bob.next(ServerMessage.VoiceAbort.class).reason()).isEqualTo(AbortReason.CANCELLED);
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);

        timers.advance(IDLE.multipliedBy(2));
        assertThat(alice.received).as("no timeout for a stream that is gone").isEmpty();
        assertThat(bob.received).isEmpty();
    }

    private Session join(FakeMember m, String nick) throws InterruptedException {
        Session s = relay.open(m);
        relay.onText(s, ClientCodec.encode(new ClientMessage.Hello(2, nick, "lobby", null, null, null)));
        m.next(ServerMessage.Welcome.class);
        return s;
    }

    /** Chunk {@code n} of "v-1": one 16-bit mono sample. */
    private void chunk(long n) {
        relay.onBinary(a, VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk("v-1", n)), new byte[2]));
    }
}
