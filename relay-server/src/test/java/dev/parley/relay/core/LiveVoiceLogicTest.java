package dev.parley.relay.core;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceFrame;
import com.google.gson.Gson;
import dev.parley.relay.RateLimits;
import dev.parley.relay.RelayConfig;
import dev.parley.relay.store.SqliteMessageStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/** Live voice's rate limits and bookkeeping, driven through {@link Relay} with fake members. */
class LiveVoiceLogicTest {
    /** One message token a second, bursts of three; 2,000 voice bytes a second, bursts of 2,000. */
    private static final RateLimits TIGHT = new RateLimits(1, 3, 2_000, 2_000);

    @TempDir
    Path dir;
    private SqliteMessageStore store;
    private ScheduledExecutorService timers;
    private Relay relay;

    @BeforeEach
    void start() throws Exception {
        RelayConfig config = RelayConfig.defaults().withDataDir(dir).withRateLimits(TIGHT)
                .withLimits(new dev.parley.protocol.Limits(4000, 2_000, 300_000));
        store = SqliteMessageStore.open(dir, config.retention(), config.clock());
        timers = Executors.newSingleThreadScheduledExecutor();
        relay = new Relay(config, store, timers, timers);
    }

    @AfterEach
    void stop() {
        timers.shutdownNow();
        store.close();
    }

    private Session join(FakeMember m, String nick, int protocol) throws InterruptedException {
        Session s = relay.open(m);
        relay.onText(s, "{\"type\":\"hello\",\"protocol\":" + protocol + ",\"nick\":\"" + nick + "\",\"room\":\"lobby\"}");
        assertThat(m.next(ServerMessage.Welcome.class).protocol()).isEqualTo(protocol);
        return s;
    }

    private void chunk(Session s, String id, long n, int bytes) {
        relay.onBinary(s, VoiceFrame.encode(ClientCodec.encode(new ClientMessage.VoiceChunk(id, n)), new byte[bytes]));
    }

    @Test
    void listenersGetEachChunksHeaderExactlyAsTheCodecWritesIt() throws Exception {
        FakeMember speaker = new FakeMember();
        FakeMember listener = new FakeMember();
        String nick = "Zoë 张伟";
        String id = "流-\"q\"\\ \u2028😀";
        join(listener, "bob", 2);
        Session s = join(speaker, nick, 2);
        relay.onText(s, "{\"type\":\"voice-start\",\"id\":" + new Gson().toJson(id)
                + ",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}");
        long[] numbers = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        for (long n : numbers) {
            chunk(s, id, n, 64);
        }
        assertThat(listener.binaryHeaders).hasSize(numbers.length);
        for (int i = 0; i < numbers.length; i++) {
            assertThat(listener.binaryHeaders.get(i))
                    .isEqualTo(ServerCodec.encode(new ServerMessage.VoiceChunk(id, nick, numbers[i])));
        }
    }

    @Test
    void chunksCostVoiceBytesNotMessageTokens() throws Exception {
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session a = join(alice, "alice", 2);
        join(bob, "bob", 2);

        relay.onText(a, "{\"type\":\"voice-start\",\"id\":\"v-1\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}");
        for (int n = 0; n < 20; n++) { // twenty frames: far over the three message tokens
            chunk(a, "v-1", n, 64);
        }
        relay.onText(a, "{\"type\":\"voice-end\",\"id\":\"v-1\"}");

        ServerMessage.Voice echo = null;
        while (echo == null) {
            ServerMessage m = alice.next(ServerMessage.class);
            assertThat(m).isNotInstanceOf(ServerMessage.Error.class);
            echo = m instanceof ServerMessage.Voice v ? v : null;
        }
        assertThat(echo.bytes()).isEqualTo(44 + 20 * 64);
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.RECORDING);
        bob.next(ServerMessage.VoiceStart.class);
        for (int n = 0; n < 20; n++) {
            assertThat(bob.next(ServerMessage.VoiceChunk.class).n()).isEqualTo(n);
        }
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);
        assertThat(bob.next(ServerMessage.Voice.class)).isEqualTo(echo);
    }

    @Test
    void aChunkBeyondTheVoiceByteBucketIsRateLimitedAndEndsTheStream() throws Exception {
        FakeMember alice = new FakeMember();
        FakeMember bob = new FakeMember();
        Session a = join(alice, "alice", 2);
        join(bob, "bob", 2);
        alice.next(ServerMessage.Presence.class);

        relay.onText(a, "{\"type\":\"voice-start\",\"id\":\"v-1\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}");
        chunk(a, "v-1", 0, 1_500);
        chunk(a, "v-1", 1, 1_000); // 2,500 bytes within a moment: over the 2,000-byte bucket

        ServerMessage.Error e = alice.next(ServerMessage.Error.class);
        assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(e.ref()).isEqualTo("v-1");
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.RECORDING);
        assertThat(bob.next(ServerMessage.VoiceStart.class).startMs()).isZero();
        assertThat(bob.next(ServerMessage.VoiceChunk.class).n()).isZero();
        assertThat(bob.next(ServerMessage.VoiceAbort.class).reason()).isEqualTo(AbortReason.REFUSED);
        assertThat(bob.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);
    }

    @Test
    void aVersionOneMemberGetsNoLiveMessageAndNoAbort() throws Exception {
        FakeMember alice = new FakeMember();
        FakeMember carol = new FakeMember();
        Session a = join(alice, "alice", 2);
        join(carol, "carol", 1);
        alice.next(ServerMessage.Presence.class);

        relay.onText(a, "{\"type\":\"voice-start\",\"id\":\"v-1\",\"codec\":\"pcm16\",\"sampleRate\":16000,\"channels\":1}");
        chunk(a, "v-1", 0, 64);
        relay.onText(a, "{\"type\":\"voice-cancel\",\"id\":\"v-1\"}");
        relay.onClose(a, 1000, "");

        assertThat(carol.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.RECORDING);
        assertThat(carol.next(ServerMessage.Typing.class).state()).isEqualTo(TypingState.IDLE);
        assertThat(carol.next(ServerMessage.Presence.class).event()).isEqualTo(ServerMessage.Presence.Event.LEAVE);
        assertThat(carol.received).isEmpty();
    }
}
