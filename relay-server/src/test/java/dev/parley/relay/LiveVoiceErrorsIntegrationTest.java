package dev.parley.relay;

import dev.parley.protocol.AbortReason;
import dev.parley.protocol.ErrorCode;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ServerMessage.Chat;
import dev.parley.protocol.ServerMessage.Error;
import dev.parley.protocol.ServerMessage.Presence;
import dev.parley.protocol.ServerMessage.Typing;
import dev.parley.protocol.ServerMessage.VoiceAbort;
import dev.parley.protocol.ServerMessage.VoiceStart;
import dev.parley.protocol.TypingState;
import dev.parley.protocol.VoiceFrame;
import dev.parley.relay.testing.ReceivedChunk;
import dev.parley.relay.testing.ReceivedVoice;
import dev.parley.relay.testing.TestClient;
import dev.parley.relay.testing.TestRelay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.parley.relay.LiveVoiceIntegrationTest.CHUNK_BYTES;
import static dev.parley.relay.LiveVoiceIntegrationTest.chunks;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live voice refused: malformed, oversized, out-of-order and orphan chunks, streams on a version-1 connection. Each is
 * answered with an {@code error}, ends the stream it concerns, and leaves the connection usable. (The idle timeout is
 * tested on a clock the test moves: {@code core.LiveVoiceIdleTimeoutTest}.)
 */
class LiveVoiceErrorsIntegrationTest {
    private static final AtomicInteger ROOMS = new AtomicInteger();
    /** 4,000 bytes of clip: 44 of header and 3,956 of PCM, six chunks of 640 bytes and a bit. */
    private static final Limits LIMITS = new Limits(4000, 4000, 1_000);

    @TempDir
    static Path dataDir;
    static TestRelay relay;

    @BeforeAll
    static void startRelay() {
        relay = TestRelay.start(dataDir, c -> c.withLimits(LIMITS));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    private record Pair(TestClient alice, TestClient bob) {
    }

    /** Alice speaks, Bob listens, both on protocol 2; Bob has seen the stream "v-1" start. */
    private static Pair streaming() {
        String room = "errors-" + ROOMS.incrementAndGet();
        TestClient alice = relay.connect("alice");
        alice.joinLive("alice", room);
        TestClient bob = relay.connect("bob");
        bob.joinLive("bob", room);
        alice.awaitNext(Presence.class);
        alice.voiceStart("v-1", 16_000, 1);
        bob.awaitNext(Typing.class);
        bob.awaitNext(VoiceStart.class);
        return new Pair(alice, bob);
    }

    private static void assertError(TestClient c, ErrorCode code, String ref) {
        Error e = c.awaitNext(Error.class);
        assertThat(e.code()).as(e.message()).isEqualTo(code);
        assertThat(e.ref()).isEqualTo(ref);
    }

    /** Bob hears the abort and the end of recording; then nothing was stored and Alice can still talk. */
    private static void assertAbortedAndUsable(Pair p, AbortReason reason) {
        assertThat(p.bob().awaitNext(VoiceAbort.class)).isEqualTo(new VoiceAbort("v-1", "alice", reason));
        assertThat(p.bob().awaitNext(Typing.class).state()).isEqualTo(TypingState.IDLE);
        p.alice().chat("c-1", "still here");
        assertThat(p.alice().awaitNext(Chat.class).seq()).as("nothing stored before").isEqualTo(1);
        assertThat(p.bob().awaitNext(Chat.class).id()).isEqualTo("c-1");
    }

    @Test
    void aStreamOverMaxClipBytesIsTooLargeAndNothingIsStored() {
        Pair p = streaming();
        for (int n = 0; n < 6; n++) { // 44 + 6 × 640 = 3,884 bytes: within the limit
            p.alice().voiceChunk("v-1", n, chunks(1, CHUNK_BYTES).get(0));
        }
        p.alice().voiceChunk("v-1", 6, chunks(1, CHUNK_BYTES).get(0)); // 4,524: over

        assertError(p.alice(), ErrorCode.TOO_LARGE, "v-1");
        p.bob().awaitNext(6, ReceivedChunk.class);
        assertAbortedAndUsable(p, AbortReason.TOO_LARGE);
        p.alice().voiceChunk("v-1", 7, chunks(1, CHUNK_BYTES).get(0));
        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-1"); // the stream is over: a chunk in flight is an orphan
    }

    @Test
    void aStreamOverMaxClipMillisIsTooLarge() {
        try (TestRelay longClips = TestRelay.start(dataDir.resolve("millis"),
                c -> c.withLimits(new Limits(4000, 1 << 20, 1_000)))) {
            TestClient alice = longClips.connect("alice");
            alice.joinLive("alice", "millis");
            TestClient bob = longClips.connect("bob");
            bob.joinLive("bob", "millis");
            alice.awaitNext(Presence.class);
            alice.voiceStart("v-1", 8_000, 1);
            alice.voiceChunk("v-1", 0, new byte[16_000]); // exactly 1,000 ms: allowed
            alice.voiceChunk("v-1", 1, new byte[2]);      // 1,000.125 ms rounds to 1,000: allowed
            alice.voiceChunk("v-1", 2, new byte[8]);      // 1,000.625 ms rounds to 1,001: over
            assertError(alice, ErrorCode.TOO_LARGE, "v-1");
            bob.awaitNext(Typing.class);
            bob.awaitNext(VoiceStart.class);
            bob.awaitNext(2, ReceivedChunk.class);
            assertThat(bob.awaitNext(VoiceAbort.class).reason()).isEqualTo(AbortReason.TOO_LARGE);
            alice.voiceStart("v-2", 8_000, 1).voiceChunk("v-2", 0, new byte[16_000]).voiceEnd("v-2");
            assertThat(alice.awaitNext(ReceivedVoice.class).header().durationMs()).isEqualTo(1_000);
        }
    }

    @Test
    void anOutOfOrderChunkEndsTheStream() {
        Pair p = streaming();
        p.alice().voiceChunk("v-1", 0, chunks(1, CHUNK_BYTES).get(0));
        p.alice().voiceChunk("v-1", 2, chunks(1, CHUNK_BYTES).get(0));

        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-1");
        p.bob().awaitNext(ReceivedChunk.class);
        assertAbortedAndUsable(p, AbortReason.REFUSED);
    }

    @Test
    void aRepeatedChunkNumberEndsTheStream() {
        Pair p = streaming();
        p.alice().voiceChunk("v-1", 0, chunks(1, CHUNK_BYTES).get(0));
        p.alice().voiceChunk("v-1", 0, chunks(1, CHUNK_BYTES).get(0));

        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-1");
        p.bob().awaitNext(ReceivedChunk.class);
        assertAbortedAndUsable(p, AbortReason.REFUSED);
    }

    @Test
    void aChunkOfHalfASampleIsBadAudio() {
        Pair p = streaming();
        p.alice().voiceChunk("v-1", 0, new byte[3]);

        assertError(p.alice(), ErrorCode.BAD_AUDIO, "v-1");
        assertAbortedAndUsable(p, AbortReason.REFUSED);
    }

    @Test
    void orphanChunksEndsAndCancelsAreRefusedAndTheOpenStreamGoesOn() {
        Pair p = streaming();
        byte[] pcm = chunks(1, CHUNK_BYTES).get(0);
        p.alice().voiceChunk("v-other", 0, pcm);
        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-other");
        p.alice().voiceEnd("v-other");
        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-other");
        p.alice().voiceCancel("v-other");
        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-other");
        p.alice().voiceStart("v-2", 16_000, 1); // one stream per connection at a time
        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-2");

        p.alice().voiceChunk("v-1", 0, pcm).voiceEnd("v-1");
        assertThat(p.alice().awaitNext(ReceivedVoice.class).header().id()).isEqualTo("v-1");
        assertThat(p.bob().awaitNext(ReceivedChunk.class).n()).isZero();
        p.alice().voiceChunk("v-1", 1, pcm); // after its end
        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-1");
    }

    @Test
    void aSecondStartWithTheSameIdEndsTheStream() {
        Pair p = streaming();
        p.alice().voiceStart("v-1", 16_000, 1);

        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-1");
        assertAbortedAndUsable(p, AbortReason.REFUSED);
    }

    @Test
    void malformedChunkHeadersAreAnsweredAndTheConnectionStaysUsable() {
        Pair p = streaming();
        byte[] header = "{\"type\":\"voice-chunk\",".getBytes(StandardCharsets.UTF_8);
        ByteBuffer broken = ByteBuffer.allocate(4 + header.length + 2).putInt(header.length).put(header).put(new byte[2]).flip();
        p.alice().sendRaw(broken);
        assertError(p.alice(), ErrorCode.BAD_FRAME, null);
        p.alice().sendRaw(VoiceFrame.encode("{\"type\":\"voice-chunk\",\"id\":\"v-1\"}", new byte[2]));

        assertError(p.alice(), ErrorCode.BAD_REQUEST, "v-1"); // no n: it names the open stream, which ends
        assertAbortedAndUsable(p, AbortReason.REFUSED);
    }

    @Test
    void aVersionOneConnectionCannotStream() {
        TestClient old = relay.join("old", "v1-" + ROOMS.incrementAndGet());
        old.voiceStart("v-1", 16_000, 1);
        assertError(old, ErrorCode.BAD_REQUEST, "v-1");
        old.voiceChunk("v-1", 0, new byte[2]);
        assertError(old, ErrorCode.BAD_REQUEST, "v-1");
        old.voiceEnd("v-1");
        assertError(old, ErrorCode.BAD_REQUEST, "v-1");
        old.chat("c-1", "fine");
        assertThat(old.awaitNext(Chat.class).seq()).isEqualTo(1);
    }

    @Test
    void anUnknownCodecIsBadAudio() {
        TestClient c = relay.connect("opus");
        c.joinLive("opus", "codec-" + ROOMS.incrementAndGet());
        c.sendRaw("{\"type\":\"voice-start\",\"id\":\"v-1\",\"codec\":\"opus\",\"sampleRate\":48000,\"channels\":1}");
        assertError(c, ErrorCode.BAD_AUDIO, "v-1");
        c.voiceChunk("v-1", 0, new byte[2]);
        assertError(c, ErrorCode.BAD_REQUEST, "v-1"); // no stream was opened
    }

    @Test
    void anEmptyStreamIsBadAudioAtItsEnd() {
        Pair p = streaming();
        p.alice().voiceEnd("v-1");

        assertError(p.alice(), ErrorCode.BAD_AUDIO, "v-1");
        assertAbortedAndUsable(p, AbortReason.REFUSED);
    }
}
