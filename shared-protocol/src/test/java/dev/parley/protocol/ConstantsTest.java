package dev.parley.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The numbers and names PROTOCOL.md fixes, as the code spells them. */
class ConstantsTest {

    @Test
    void protocolNumbersMatchThePage() {
        assertThat(Protocol.VERSION).isEqualTo(1);
        assertThat(Protocol.VERSION_1).isEqualTo(1);
        assertThat(Protocol.VERSION_2).isEqualTo(2);
        assertThat(Protocol.VERSION_3).isEqualTo(3);
        assertThat(Protocol.MIN_VERSION).isEqualTo(1);
        assertThat(Protocol.MAX_VERSION).isEqualTo(3);
        assertThat(Protocol.LIVE_CHUNK).isEqualTo(Duration.ofMillis(20));
        assertThat(Protocol.LIVE_IDLE_TIMEOUT).isEqualTo(Duration.ofSeconds(5));
        assertThat(Protocol.DEFAULT_PORT).isEqualTo(55555);
        assertThat(Protocol.MAX_TEXT_FRAME_BYTES).isEqualTo(64 * 1024);
        assertThat(Protocol.MIN_VOICE_HEADER_BYTES).isEqualTo(2);
        assertThat(Protocol.MAX_VOICE_HEADER_BYTES).isEqualTo(16_384);
        assertThat(Protocol.VOICE_FRAME_OVERHEAD_BYTES).isEqualTo(16 * 1024);
        assertThat(Protocol.HELLO_TIMEOUT).isEqualTo(Duration.ofSeconds(10));
        assertThat(Protocol.TYPING_REPEAT).isEqualTo(Duration.ofSeconds(3));
        assertThat(Protocol.TYPING_EXPIRY).isEqualTo(Duration.ofSeconds(6));
        assertThat(Protocol.PING_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
        assertThat(Protocol.DEFAULT_REPLAY_COUNT).isEqualTo(50);
        assertThat(Protocol.MAX_HISTORY_LIMIT).isEqualTo(200);
        assertThat(Protocol.MAX_NICK_CHARS).isEqualTo(32);
        assertThat(Protocol.MAX_ROOM_CHARS).isEqualTo(64);
        assertThat(Protocol.MAX_ID_CHARS).isEqualTo(64);
        assertThat(Protocol.DEFAULT_ROOM).isEqualTo("lobby");
        assertThat(Names.roomProblem(Protocol.DEFAULT_ROOM)).isEmpty();
    }

    @ParameterizedTest(name = "version {0}: live {1}, receipts {2}")
    @CsvSource({
            "1, false, false",  // stored messages only
            "2, true, false",   // live voice
            "3, true, true",    // live voice and played receipts
    })
    void eachVersionAddsToTheOneBefore(int version, boolean live, boolean receipts) {
        assertThat(Protocol.speaks(version)).isTrue();
        assertThat(Protocol.hasLiveVoice(version)).isEqualTo(live);
        assertThat(Protocol.hasReceipts(version)).isEqualTo(receipts);
    }

    @Test
    void defaultLimitsAreTheOnesInThePagesWelcome() {
        assertThat(Limits.DEFAULTS).isEqualTo(new Limits(4000, 16_777_216, 300_000));
    }

    @Test
    void binaryFrameMayExceedTheClipBy16KiB() {
        assertThat(Limits.DEFAULTS.maxBinaryFrameBytes()).isEqualTo(16_777_216L + 16_384);
        assertThat(new Limits(1, Integer.MAX_VALUE, 1).maxBinaryFrameBytes()).isEqualTo(Integer.MAX_VALUE + 16_384L);
    }

    @ParameterizedTest(name = "Limits({0}, {1}, {2})")
    @CsvSource({
            "0, 1024, 1",   // no text
            "1, 43, 1",     // a clip smaller than a WAV header
            "1, 1024, 0",   // no duration
            "-1, 1024, 1",  // negative
    })
    void limitsMustBePositive(int text, int bytes, long millis) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Limits(text, bytes, millis));
    }

    @Test
    void closeCodesMatchThePage() {
        assertThat(CloseCodes.GOING_AWAY).isEqualTo(1001);
        assertThat(CloseCodes.TOO_BIG).isEqualTo(1009);
        assertThat(CloseCodes.BAD_HELLO).isEqualTo(4400);
        assertThat(CloseCodes.WRONG_PASSWORD).isEqualTo(4401);
        assertThat(CloseCodes.HELLO_TIMEOUT).isEqualTo(4408);
        assertThat(CloseCodes.NICK_TAKEN).isEqualTo(4409);
        assertThat(CloseCodes.REPLACED).isEqualTo(4410);
        assertThat(CloseCodes.UNSUPPORTED_PROTOCOL).isEqualTo(4426);
        assertThat(CloseCodes.TOO_MANY_ATTEMPTS).isEqualTo(4429);
        assertThat(CloseCodes.PROTOCOL_ERROR).isEqualTo(1002);
        assertThat(CloseCodes.INVALID_DATA).isEqualTo(1007);
        assertThat(CloseCodes.SERVER_ERROR).isEqualTo(1011);
        assertThat(CloseCodes.SLOW_CONSUMER).isEqualTo(1013);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "4400, true",   // the same hello is bad again
            "4401, true",   // the same password is wrong again
            "4409, true",   // the nick is still taken
            "4410, true",   // the same member connected again elsewhere: that newer connection goes on
            "4426, true",   // the relay still does not speak our protocol
            "4429, true",   // this address is refused for a while: retrying at once only extends nothing, it fails
            "1013, false",  // we fell behind: reconnect and resume
            "1011, false",  // the relay could not store: reconnect and resend
            "4408, false",  // we were just slow: retry
            "1001, false",  // relay restarting: retry
            "1009, false",  // one frame too big: reconnect
            "1000, false",  // normal closure
            "1006, false",  // connection lost
    })
    void clientStopsReconnectingOnlyWhenTheSameHelloWouldFailAgain(int code, boolean fatal) {
        assertThat(CloseCodes.isFatalForClient(code)).isEqualTo(fatal);
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
            "BAD_FRAME, bad_frame",
            "BAD_REQUEST, bad_request",
            "TOO_LARGE, too_large",
            "BAD_AUDIO, bad_audio",
            "RATE_LIMITED, rate_limited",
            "NOT_FOUND, not_found",
    })
    void errorCodesHaveThePagesWireNames(ErrorCode code, String wire) {
        assertThat(code.wire()).isEqualTo(wire);
        assertThat(ErrorCode.fromWire(wire)).contains(code);
    }

    @Test
    void theSixErrorCodesAreAllThereIs() {
        assertThat(ErrorCode.values()).hasSize(6);
        assertThat(ErrorCode.fromWire("BAD_FRAME")).isEmpty();
        assertThat(ErrorCode.fromWire("")).isEmpty();
        assertThat(ErrorCode.fromWire(null)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(TypingState.class)
    void typingStatesRoundTripByWireName(TypingState state) {
        assertThat(TypingState.fromWire(state.wire())).contains(state);
    }

    @Test
    void typingStatesHaveThePagesWireNames() {
        assertThat(TypingState.values()).extracting(TypingState::wire).containsExactly("typing", "recording", "idle");
        assertThat(TypingState.fromWire("IDLE")).isEmpty();
        assertThat(TypingState.fromWire(null)).isEmpty();
    }

    @Test
    void wavRatesMatchThePage() {
        assertThat(Wav.MIN_SAMPLE_RATE).isEqualTo(8000);
        assertThat(Wav.MAX_SAMPLE_RATE).isEqualTo(48000);
    }

    @Test
    void wavInfoDerivesFramesFromTheDataLength() {
        WavInfo info = new WavInfo(16_000, 2, 16, 44, 400, 6);

        assertThat(info.blockAlign()).isEqualTo(4);
        assertThat(info.frames()).isEqualTo(100);
    }
}
