package dev.parley.relay;

import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.TypingState;
import dev.parley.relay.testing.Clips;
import dev.parley.relay.testing.MutableClock;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rate_limited row: token buckets per connection on a stopped clock, so nothing refills unless the test says. */
class RateLimitIntegrationTest {
    @TempDir
    Path dataDir;
    private final MutableClock clock = MutableClock.stopped();

    @Test
    void framesOverTheBurstAreRateLimitedUntilTokensRefill() {
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withClock(clock)
                .withRateLimits(new RateLimits(1, 3, 1 << 20, 1 << 20)))) {
            TestClient alice = relay.join("alice", "lobby");
            alice.chat("c-1", "one").chat("c-2", "two").chat("c-3", "three").chat("c-4", "four");
            // an error is sent at once, an echo once stored: their order is not fixed
            List<Object> got = alice.awaitItems(4, TestClient.WAIT);
            assertThat(got).filteredOn(Chat.class::isInstance).extracting(o -> ((Chat) o).seq()).containsExactly(1L, 2L, 3L);
            ServerMessage.Error e = (ServerMessage.Error) got.stream().filter(ServerMessage.Error.class::isInstance)
                    .findFirst().orElseThrow();
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.ref()).isEqualTo("c-4");
            alice.typing(TypingState.TYPING);
            ServerMessage.Error typing = alice.awaitNext(ServerMessage.Error.class);
            assertThat(typing.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(typing.ref()).isNull();

            // another connection has its own bucket
            TestClient bob = relay.join("bob", "lobby", 3L);
            assertThat(alice.awaitNext(ServerMessage.Presence.class).nick()).isEqualTo("bob");
            bob.chat("b-1", "mine");
            assertThat(bob.awaitNext(Chat.class).seq()).isEqualTo(4);
            assertThat(alice.awaitNext(Chat.class).seq()).isEqualTo(4);

            clock.advance(Duration.ofSeconds(1));
            alice.chat("c-4", "four, retried");
            Chat retried = alice.awaitNext(Chat.class);
            assertThat(retried.id()).isEqualTo("c-4");
            assertThat(retried.seq()).as("nothing was stored for the refused frames").isEqualTo(5);
            alice.chat("c-5", "no token left");
            assertThat(alice.awaitNext(ServerMessage.Error.class).code()).isEqualTo(ErrorCode.RATE_LIMITED);
        }
    }

    @Test
    void clipBytesOverTheVoiceBurstAreRateLimited() {
        Limits limits = new Limits(4000, 65_536, 60_000);
        try (TestRelay relay = TestRelay.start(dataDir, c -> c.withClock(clock).withLimits(limits)
                .withRateLimits(new RateLimits(1000, 1000, 1000, 100_000)))) {
            TestClient alice = relay.join("alice", "lobby");
            byte[] clip = Clips.ofBytes(60_000, 16_000);
            alice.voice("v-1", clip);
            assertThat(alice.awaitNext(ReceivedVoice.class).header().id()).isEqualTo("v-1");
            alice.voice("v-2", clip);
            ServerMessage.Error e = alice.awaitNext(ServerMessage.Error.class);
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.ref()).isEqualTo("v-2");
            alice.chat("c-1", "text is not limited by clip bytes");
            assertThat(alice.awaitNext(Chat.class).seq()).isEqualTo(2);

            clock.advance(Duration.ofSeconds(60));
            alice.voice("v-2", clip);
            ReceivedVoice retried = alice.awaitNext(ReceivedVoice.class);
            assertThat(retried.header().seq()).isEqualTo(3);
            assertThat(retried.clip()).isEqualTo(clip);
        }
    }
}
