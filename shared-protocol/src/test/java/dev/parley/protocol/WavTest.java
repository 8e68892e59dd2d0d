package dev.parley.protocol;

import static dev.parley.protocol.WavBytes.PCM;
import static dev.parley.protocol.WavBytes.chunk;
import static dev.parley.protocol.WavBytes.chunkNoPad;
import static dev.parley.protocol.WavBytes.chunkWithSize;
import static dev.parley.protocol.WavBytes.concat;
import static dev.parley.protocol.WavBytes.data;
import static dev.parley.protocol.WavBytes.fmt;
import static dev.parley.protocol.WavBytes.fmt16;
import static dev.parley.protocol.WavBytes.fmtRaw;
import static dev.parley.protocol.WavBytes.pcm;
import static dev.parley.protocol.WavBytes.riff;
import static dev.parley.protocol.WavBytes.riffWithSize;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The clip rules of PROTOCOL.md: RIFF/WAVE, PCM tag 1, 16-bit LE, 1-2 channels, 8000-48000 Hz, sizes that match. */
class WavTest {

    private static WavInfo inspect(byte[] clip) throws ProtocolException {
        return Wav.inspect(ByteBuffer.wrap(clip));
    }

    private static void assertBadAudio(byte[] clip) {
        assertThatThrownBy(() -> inspect(clip))
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_AUDIO);
                    assertThat(e.closeCode()).isZero();
                });
    }

    // ---------------------------------------------------------------- writer and inspect agree

    @ParameterizedTest(name = "{0} Hz, {1} channel(s), {2} frames")
    @CsvSource({
            "8000,  1, 8000",   // lowest rate: one second
            "16000, 1, 37600",  // the page's voice example: 2350 ms, 75244 bytes
            "44100, 2, 22050",  // CD rate, stereo, half a second
            "48000, 2, 1",      // highest rate, a single frame
    })
    void writtenClipInspectsToTheSameFormatDurationAndSamples(int rate, int channels, int frames) throws Exception {
        short[] samples = new short[frames * channels];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (i * 7919);
        }
        samples[0] = Short.MIN_VALUE;
        samples[samples.length - 1] = Short.MAX_VALUE;

        byte[] clip = Wav.write(samples, rate, channels);
        WavInfo info = inspect(clip);

        assertThat(clip).hasSize(44 + samples.length * 2);
        assertThat(info.sampleRate()).isEqualTo(rate);
        assertThat(info.channels()).isEqualTo(channels);
        assertThat(info.bitsPerSample()).isEqualTo(16);
        assertThat(info.dataOffset()).isEqualTo(44);
        assertThat(info.dataLength()).isEqualTo(samples.length * 2);
        assertThat(info.blockAlign()).isEqualTo(2 * channels);
        assertThat(info.frames()).isEqualTo(frames);
        assertThat(info.durationMs()).isEqualTo(Math.round(frames * 1000.0 / rate));
        assertThat(Wav.samples(ByteBuffer.wrap(clip), info)).containsExactly(samples);
    }

    @Test
    void pageExampleClipHasTheAdvertisedDurationAndLength() throws Exception {
        byte[] clip = Wav.write(new short[37_600], 16_000, 1);

        assertThat(clip).hasSize(75_244);
        assertThat(inspect(clip).durationMs()).isEqualTo(2350);
    }

    @Test
    void writerFromBytesEqualsWriterFromSamples() {
        byte[] pcm = pcm(10);
        byte[] fromBytes = Wav.write(pcm, 16_000, 1);

        assertThat(fromBytes).isEqualTo(riff(fmt16(1, 16_000), data(pcm)));
        short[] samples = new short[10];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        assertThat(Wav.write(samples, 16_000, 1)).isEqualTo(fromBytes);
    }

    @Test
    void aHeaderWrittenInPlaceMakesTheSameClipAsTheWriter() throws Exception {
        byte[] pcm = pcm(10);
        byte[] inPlace = new byte[Wav.HEADER_BYTES + pcm.length];
        System.arraycopy(pcm, 0, inPlace, Wav.HEADER_BYTES, pcm.length);
        Wav.writeHeader(inPlace, 22_050, 2);

        assertThat(inPlace).isEqualTo(Wav.write(pcm, 22_050, 2));
        assertThat(inspect(inPlace).dataLength()).isEqualTo(pcm.length);
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.writeHeader(new byte[Wav.HEADER_BYTES - 1], 16_000, 1));
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.writeHeader(new byte[Wav.HEADER_BYTES + 2], 16_000, 2));
    }

    @ParameterizedTest(name = "{0} frames at {1} Hz = {2} ms")
    @CsvSource({
            "16000, 16000, 1000",
            "4,     8000,  1",      // 0.5 ms rounds up
            "3,     8000,  0",      // 0.375 ms rounds down
            "320,   16000, 20",     // one recommended live chunk
    })
    void durationRoundsHalvesUp(long frames, int rate, long millis) {
        assertThat(Wav.durationMillis(frames, rate)).isEqualTo(millis);
    }

    @ParameterizedTest(name = "{0} Hz, {1} channels, {2} PCM bytes")
    @CsvSource({
            "7999,  1, 2",  // rate below 8000
            "48001, 1, 2",  // rate above 48000
            "16000, 0, 2",  // no channel
            "16000, 3, 6",  // three channels
            "16000, 1, 3",  // odd byte count
            "16000, 2, 2",  // half a stereo frame
    })
    void writerRefusesWhatThePageDoesNotAllow(int rate, int channels, int bytes) {
        assertThatIllegalArgumentException().isThrownBy(() -> Wav.write(new byte[bytes], rate, channels));
    }

    @Test
    void inspectAndSamplesWorkRelativeToTheBufferPositionWithoutMovingIt() throws Exception {
        short[] samples = {1, -2, 3, -4};
        byte[] clip = Wav.write(samples, 8000, 2);
        ByteBuffer framed = ByteBuffer.wrap(concat(new byte[]{9, 9, 9}, clip, new byte[]{7}));
        framed.position(3).limit(3 + clip.length);

        WavInfo info = Wav.inspect(framed);

        assertThat(framed.position()).isEqualTo(3);
        assertThat(info.frames()).isEqualTo(2);
        assertThat(Wav.samples(framed, info)).containsExactly(samples);
        assertThat(framed.position()).isEqualTo(3);
    }

    // ---------------------------------------------------------------- accepted layouts

    @Test
    void extraChunksBeforeBetweenAndAfterAreAcceptedAndTheBytesLeftAlone() throws Exception {
        byte[] pcm = pcm(100);
        byte[] clip = riff(
                chunk("LIST", WavBytes.ascii("INFOISFT\5\0\0\0Lavf\0")), // 17 bytes: padded
                fmt16(1, 16_000),
                chunk("fact", new byte[]{100, 0, 0, 0}),
                data(pcm),
                chunkNoPad("id3 ", new byte[]{1, 2, 3}));           // odd and last, pad byte missing
        byte[] copy = clip.clone();

        WavInfo info = inspect(clip);

        assertThat(clip).isEqualTo(copy);
        assertThat(info.dataLength()).isEqualTo(pcm.length);
        assertThat(Arrays.copyOfRange(clip, info.dataOffset(), info.dataOffset() + info.dataLength())).isEqualTo(pcm);
        assertThat(info.durationMs()).isEqualTo(6); // 100 frames at 16 kHz: 6.25 ms, from the data chunk only
    }

    @Test
    void fmtChunkWithExtensionBytesIsAccepted() throws Exception {
        // WAVEFORMATEX as Windows writes it: 18 bytes, cbSize = 0
        byte[] fmt18 = chunk("fmt ", ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN)
                .putShort((short) 1).putShort((short) 1).putInt(22_050).putInt(44_100).putShort((short) 2)
                .putShort((short) 16).putShort((short) 0).array());

        WavInfo info = inspect(riff(fmt18, data(pcm(22_050))));

        assertThat(info.sampleRate()).isEqualTo(22_050);
        assertThat(info.durationMs()).isEqualTo(1000);
    }

    @Test
    void dataBeforeFmtIsAccepted() throws Exception {
        // PROTOCOL.md asks for a fmt chunk and a data chunk but no order; the reader honours that.
        WavInfo info = inspect(riff(data(pcm(8)), fmt16(2, 8000)));

        assertThat(info.channels()).isEqualTo(2);
        assertThat(info.frames()).isEqualTo(4);
        assertThat(info.dataOffset()).isEqualTo(20);
    }

    // ---------------------------------------------------------------- rejected clips

    static Stream<Arguments> rejectedClips() {
        byte[] good = riff(fmt16(1, 16_000), data(pcm(16)));
        int body = good.length - 8;
        return Stream.of(
                Arguments.of("empty clip", new byte[0]),
                Arguments.of("11 bytes", Arrays.copyOf(good, 11)),
                Arguments.of("RIFF header only", riff()),
                Arguments.of("cut inside the fmt chunk header", riffWithSize(4 + 5, Arrays.copyOfRange(good, 12, 17))),
                Arguments.of("truncated: last 2 bytes of data missing", Arrays.copyOf(good, good.length - 2)),
                Arguments.of("not RIFF (RIFX)", replace(good, 0, "RIFX")),
                Arguments.of("not RIFF (RF64)", replace(good, 0, "RF64")),
                Arguments.of("not WAVE", replace(good, 8, "AVI ")),
                Arguments.of("RIFF size larger than the bytes", withRiffSize(good, body + 2)),
                Arguments.of("RIFF size smaller than the bytes", withRiffSize(good, body - 2)),
                Arguments.of("RIFF size 0xFFFFFFFF (streaming placeholder)", withRiffSize(good, 0xFFFF_FFFFL)),
                Arguments.of("RIFF size 0", withRiffSize(good, 0)),
                Arguments.of("data size past the end", riff(fmt16(1, 16_000), chunkWithSize("data", 34, pcm(16)))),
                Arguments.of("cut mid-data, RIFF size adjusted", riffWithSize(body - 2, Arrays.copyOfRange(good, 12, good.length - 2))),
                Arguments.of("data size smaller than the bytes, rest is no chunk", riff(fmt16(1, 16_000), chunkWithSize("data", 16, pcm(16)))),
                Arguments.of("data size 0xFFFFFFFF", riff(fmt16(1, 16_000), chunkWithSize("data", 0xFFFF_FFFFL, pcm(16)))),
                Arguments.of("data size 0x80000000", riff(fmt16(1, 16_000), chunkWithSize("data", 0x8000_0000L, pcm(16)))),
                Arguments.of("other chunk size past the end", riff(fmt16(1, 16_000), data(pcm(16)), chunkWithSize("LIST", 9, new byte[8]))),
                Arguments.of("empty data chunk", riff(fmt16(1, 16_000), data(new byte[0]))),
                Arguments.of("odd data length, mono", riff(fmt16(1, 16_000), data(new byte[3]))),
                Arguments.of("odd data length, mono, pad byte present", riff(fmt16(1, 16_000), chunk("data", new byte[33]))),
                Arguments.of("half a frame, stereo", riff(fmt16(2, 16_000), data(new byte[6]))),
                Arguments.of("no fmt chunk", riff(data(pcm(16)))),
                Arguments.of("no data chunk", riff(fmt16(1, 16_000))),
                Arguments.of("no data chunk, other chunk instead", riff(fmt16(1, 16_000), chunk("LIST", pcm(4)))),
                Arguments.of("two fmt chunks", riff(fmt16(1, 16_000), fmt16(1, 16_000), data(pcm(16)))),
                Arguments.of("two data chunks", riff(fmt16(1, 16_000), data(pcm(16)), data(pcm(16)))),
                Arguments.of("fmt chunk of 14 bytes (old WAVEFORMAT)", riff(chunk("fmt ", new byte[14]), data(pcm(16)))),
                Arguments.of("trailing junk byte after the chunks", riff(fmt16(1, 16_000), data(pcm(16)), new byte[1])),
                Arguments.of("format tag 3 (IEEE float)", riff(fmt(3, 1, 16_000, 32), data(pcm(16)))),
                Arguments.of("format tag 3 with 16 bits", riff(fmt(3, 1, 16_000, 16), data(pcm(16)))),
                Arguments.of("format tag 0x11 (IMA ADPCM)", riff(fmt(0x11, 1, 16_000, 16), data(pcm(16)))),
                Arguments.of("format tag 0xFFFE (extensible)", riff(fmt(0xFFFE, 1, 16_000, 16), data(pcm(16)))),
                Arguments.of("format tag 0", riff(fmt(0, 1, 16_000, 16), data(pcm(16)))),
                Arguments.of("8-bit", riff(fmt(PCM, 1, 16_000, 8), data(pcm(16)))),
                Arguments.of("24-bit", riff(fmt(PCM, 1, 16_000, 24), data(new byte[48]))),
                Arguments.of("32-bit", riff(fmt(PCM, 1, 16_000, 32), data(pcm(16)))),
                Arguments.of("96 kHz", riff(fmt16(1, 96_000), data(pcm(16)))),
                Arguments.of("7999 Hz", riff(fmt16(1, 7999), data(pcm(16)))),
                Arguments.of("48001 Hz", riff(fmt16(1, 48_001), data(pcm(16)))),
                Arguments.of("0 Hz", riff(fmt16(1, 0), data(pcm(16)))),
                Arguments.of("rate 0xFFFFFFFF", riff(fmtRaw(PCM, 1, 0xFFFF_FFFFL, 0, 2, 16), data(pcm(16)))),
                Arguments.of("0 channels", riff(fmtRaw(PCM, 0, 16_000, 0, 0, 16), data(pcm(16)))),
                Arguments.of("3 channels", riff(fmt16(3, 16_000), data(pcm(18)))),
                Arguments.of("block align that disagrees", riff(fmtRaw(PCM, 1, 16_000, 32_000, 4, 16), data(pcm(16)))),
                Arguments.of("byte rate that disagrees", riff(fmtRaw(PCM, 1, 16_000, 16_000, 2, 16), data(pcm(16)))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedClips")
    void rejectsClipsThatAreNotThePagesWav(String why, byte[] clip) {
        assertBadAudio(clip);
    }

    @Test
    void boundaryRatesAndBothChannelCountsAreAccepted() throws Exception {
        assertThat(inspect(riff(fmt16(1, 8000), data(pcm(2)))).sampleRate()).isEqualTo(8000);
        assertThat(inspect(riff(fmt16(2, 48_000), data(pcm(2)))).channels()).isEqualTo(2);
    }

    private static byte[] replace(byte[] b, int at, String fourCc) {
        byte[] out = b.clone();
        System.arraycopy(WavBytes.ascii(fourCc), 0, out, at, 4);
        return out;
    }

    private static byte[] withRiffSize(byte[] wav, long size) {
        return riffWithSize(size, Arrays.copyOfRange(wav, 12, wav.length));
    }
}
