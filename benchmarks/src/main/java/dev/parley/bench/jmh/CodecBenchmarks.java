package dev.parley.bench.jmh;

import dev.parley.protocol.ClientMessage;
import dev.parley.protocol.ClientCodec;
import dev.parley.protocol.ServerCodec;
import dev.parley.protocol.Limits;
import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceFrame;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The codecs on the relay's hot paths, per message (not per receiver: the relay encodes once per message and
 * shares the frame). Run with {@code -prof gc} for bytes allocated per operation ({@code gc.alloc.rate.norm}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CodecBenchmarks {
    /** A ~100-byte chat frame as a client sends it. */
    private String clientChat;
    private ServerMessage.Chat serverChat;
    private String serverChatJson;
    private ServerMessage.Voice voiceHeader;
    private String voiceHeaderJson;
    /** A 320 kB clip: 10 s of 16 kHz mono 16-bit PCM. */
    private byte[] clip;
    private ByteBuffer clipBuffer;
    private ByteBuffer voiceFrame;
    /** A live chunk as a speaker sends it: 640 bytes of PCM (20 ms of 16 kHz mono). */
    private ByteBuffer chunkFrame;
    /** A listener's chunk header up to its n, as the relay keeps it per stream. */
    private String chunkHeaderStart;
    private long n;

    @Setup
    public void setUp() {
        clientChat = "{\"type\":\"chat\",\"id\":\"c-123456\",\"text\":\"" + "Lunch at noon in the big room? Bring the slides for Tuesday, please." + "\"}";
        serverChat = new ServerMessage.Chat(123_456, "c-123456", "alice",
                "Lunch at noon in the big room? Bring the slides for Tuesday, please.", 1_763_900_000_000L, false);
        serverChatJson = ServerCodec.encode(serverChat);
        byte[] pcm = new byte[320_000];
        new Random(1).nextBytes(pcm);
        clip = Wav.write(pcm, 16_000, 1);
        clipBuffer = ByteBuffer.wrap(clip).asReadOnlyBuffer();
        voiceHeader = new ServerMessage.Voice(123_457, "v-77", "alice", 1_763_900_001_000L, 10_000, 16_000, 1,
                clip.length, false);
        voiceHeaderJson = ServerCodec.encode(voiceHeader);
        voiceFrame = VoiceFrame.encode("{\"type\":\"voice\",\"id\":\"v-77\"}", clip).asReadOnlyBuffer();
        chunkFrame = VoiceFrame.encode("{\"type\":\"voice-chunk\",\"id\":\"v-78\",\"n\":1234}",
                ByteBuffer.wrap(pcm, 0, 640)).asReadOnlyBuffer();
        String first = ServerCodec.encode(new ServerMessage.VoiceChunk("v-78", "alice", 0));
        chunkHeaderStart = first.substring(0, first.length() - 2);
    }

    /** Relay, per live chunk received: its header through the general decoder (a JSON tree), as before. */
    @Benchmark
    public ClientMessage chunkHeaderDecodeTree() throws ProtocolException {
        return ClientCodec.decodeBinaryHeader(VoiceFrame.split(chunkFrame).header());
    }

    /** Relay, per live chunk received: its header as the relay reads it now (the plain form, no tree). */
    @Benchmark
    public ClientCodec.Binary chunkHeaderDecodePlain() throws ProtocolException {
        return ClientCodec.decodeBinary(chunkFrame);
    }

    /** Relay, per live chunk forwarded: the listeners' header written by the codec, as before. */
    @Benchmark
    public String chunkHeaderEncodeCodec() {
        return ServerCodec.encode(new ServerMessage.VoiceChunk("v-78", "alice", ++n));
    }

    /** Relay, per live chunk forwarded: the listeners' header from the stream's encoded start, as now. */
    @Benchmark
    public String chunkHeaderEncodeStart() {
        return chunkHeaderStart + ++n + '}';
    }

    /** Relay, per chat received: parse and validate the client's frame. */
    @Benchmark
    public ClientMessage decodeClientChat() throws ProtocolException {
        return ClientCodec.decode(clientChat, Limits.DEFAULTS);
    }

    /** Relay, per chat stored: encode the frame every receiver gets. */
    @Benchmark
    public String encodeServerChat() {
        return ServerCodec.encode(serverChat);
    }

    /** Client, per chat received. */
    @Benchmark
    public ServerMessage decodeServerChat() throws ProtocolException {
        return ServerCodec.decode(serverChatJson);
    }

    /** Relay, per clip received: split header and clip (the clip is a view, not a copy). */
    @Benchmark
    public VoiceFrame.Parts splitVoiceFrame() throws ProtocolException {
        return VoiceFrame.split(voiceFrame);
    }

    /** Relay, per clip stored: build the outgoing frame (header + a copy of the 320 kB clip, once per clip). */
    @Benchmark
    public ByteBuffer encodeVoiceFrame() {
        return VoiceFrame.encode(voiceHeaderJson, clip);
    }

    /** Relay, per clip stored: encode the voice header JSON. */
    @Benchmark
    public String encodeVoiceHeader() {
        return ServerCodec.encode(voiceHeader);
    }

    /** Relay, per clip received: validate the 320 kB WAV (walks the chunks, not the samples). */
    @Benchmark
    public WavInfo inspectWav() throws ProtocolException {
        return Wav.inspect(clipBuffer);
    }
}
