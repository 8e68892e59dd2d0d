package dev.parley.protocol;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Reads and writes the clips of PROTOCOL.md: RIFF/WAVE, PCM (format tag 1), signed 16-bit little-endian,
 * 1 or 2 channels, 8000-48000 Hz. Reading validates every size against the bytes present and never
 * allocates from a size in the file. Chunks other than {@code fmt } and {@code data} are allowed and left alone.
 */
public final class Wav {
    public static final int MIN_SAMPLE_RATE = 8000;
    public static final int MAX_SAMPLE_RATE = 48000;
    private static final int PCM = 1;
    /** Length of the canonical header {@link #write} puts before the PCM: {@code RIFF}, {@code fmt }, {@code data}. */
    public static final int HEADER_BYTES = 44;

    private Wav() {
    }

    /** Validates a clip and returns its format and duration, or fails with {@code bad_audio}. Does not move {@code clip}. */
    public static WavInfo inspect(ByteBuffer clip) throws ProtocolException {
        ByteBuffer b = clip.slice().order(ByteOrder.LITTLE_ENDIAN);
        int length = b.remaining();
        if (length < 12) {
            throw bad("clip is " + length + " bytes, too short to be a WAV file");
        }
        if (!fourCc(b, 0).equals("RIFF") || !fourCc(b, 8).equals("WAVE")) {
            throw bad("clip is not a RIFF/WAVE file");
        }
        long riffSize = Integer.toUnsignedLong(b.getInt(4));
        if (riffSize != length - 8L) {
            throw bad("RIFF size says " + riffSize + " bytes follow but " + (length - 8) + " do");
        }
        Format format = null;
        int dataOffset = -1;
        int dataLength = -1;
        int pos = 12;
        while (pos < length) {
            if (length - pos < 8) {
                throw bad("chunk header at byte " + pos + " is cut off");
            }
            String id = fourCc(b, pos);
            long size = Integer.toUnsignedLong(b.getInt(pos + 4));
            int body = pos + 8;
            if (size > length - body) {
                throw bad("\"" + printable(id) + "\" chunk says " + size + " bytes but " + (length - body) + " are present");
            }
            if (id.equals("fmt ")) {
                if (format != null) {
                    throw bad("clip has two fmt chunks");
                }
                format = readFormat(b, body, (int) size);
            } else if (id.equals("data")) {
                if (dataOffset >= 0) {
                    throw bad("clip has two data chunks");
                }
                dataOffset = body;
                dataLength = (int) size;
            }
            long next = body + size + (size & 1);
            // a missing pad byte after the last chunk is common and harmless
            pos = next == length + 1L ? length : (int) next;
        }
        if (format == null) {
            throw bad("clip has no fmt chunk");
        }
        if (dataOffset < 0) {
            throw bad("clip has no data chunk");
        }
        if (dataLength == 0) {
            throw bad("clip holds no audio (data chunk is empty)");
        }
        int blockAlign = format.channels * 2;
        if (dataLength % blockAlign != 0) {
            throw bad("data chunk of " + dataLength + " bytes is not a whole number of " + blockAlign + "-byte sample frames");
        }
        long frames = dataLength / blockAlign;
        long durationMs = durationMillis(frames, format.sampleRate);
        return new WavInfo(format.sampleRate, format.channels, 16, dataOffset, dataLength, durationMs);
    }

    private record Format(int channels, int sampleRate) {
    }

    private static Format readFormat(ByteBuffer b, int at, int size) throws ProtocolException {
        if (size < 16) {
            throw bad("fmt chunk is " + size + " bytes, shorter than 16");
        }
        int tag = Short.toUnsignedInt(b.getShort(at));
        int channels = Short.toUnsignedInt(b.getShort(at + 2));
        long sampleRate = Integer.toUnsignedLong(b.getInt(at + 4));
        long byteRate = Integer.toUnsignedLong(b.getInt(at + 8));
        int blockAlign = Short.toUnsignedInt(b.getShort(at + 12));
        int bits = Short.toUnsignedInt(b.getShort(at + 14));
        if (tag != PCM) {
            throw bad("clip is not PCM (format tag " + tag + ")");
        }
        if (bits != 16) {
            throw bad("clip has " + bits + "-bit samples; only 16-bit is accepted");
        }
        if (channels < 1 || channels > 2) {
            throw bad("clip has " + channels + " channels; only 1 or 2 are accepted");
        }
        if (sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw bad("sample rate " + sampleRate + " Hz is outside " + MIN_SAMPLE_RATE + "-" + MAX_SAMPLE_RATE + " Hz");
        }
        if (blockAlign != channels * 2 || byteRate != sampleRate * blockAlign) {
            throw bad("fmt chunk is inconsistent (block align " + blockAlign + ", byte rate " + byteRate + ")");
        }
        return new Format(channels, (int) sampleRate);
    }

    /** Writes a canonical 44-byte-header WAV around 16-bit little-endian PCM bytes. */
    public static byte[] write(byte[] pcm16le, int sampleRate, int channels) {
        byte[] out = new byte[HEADER_BYTES + pcm16le.length];
        System.arraycopy(pcm16le, 0, out, HEADER_BYTES, pcm16le.length);
        writeHeader(out, sampleRate, channels);
        return out;
    }

    /**
     * Makes {@code wav} a canonical WAV in place: its first {@link #HEADER_BYTES} bytes become the header of the PCM
     * that fills the rest (for a clip assembled from a live stream without copying the audio again).
     */
    public static void writeHeader(byte[] wav, int sampleRate, int channels) {
        if (channels < 1 || channels > 2 || sampleRate < MIN_SAMPLE_RATE || sampleRate > MAX_SAMPLE_RATE) {
            throw new IllegalArgumentException("unsupported format: " + sampleRate + " Hz, " + channels + " channels");
        }
        int pcmLength = wav.length - HEADER_BYTES;
        if (pcmLength < 0 || pcmLength % (channels * 2) != 0) {
            throw new IllegalArgumentException("PCM length " + pcmLength + " is not a whole number of frames");
        }
        int blockAlign = channels * 2;
        ByteBuffer.wrap(wav, 0, HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN)
                .put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcmLength)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16)
                .putShort((short) PCM).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * blockAlign).putShort((short) blockAlign).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcmLength);
    }

    /** A clip's duration in milliseconds, as {@link #inspect} computes it: frames × 1000 / rate, halves rounded up. */
    public static long durationMillis(long frames, int sampleRate) {
        return (frames * 1000 + sampleRate / 2) / sampleRate;
    }

    /** Writes a WAV from interleaved 16-bit samples. */
    public static byte[] write(short[] samples, int sampleRate, int channels) {
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples);
        return write(pcm.array(), sampleRate, channels);
    }

    /** The interleaved samples of a clip that {@link #inspect} accepted. */
    public static short[] samples(ByteBuffer clip, WavInfo info) {
        short[] out = new short[info.dataLength() / 2];
        clip.slice(clip.position() + info.dataOffset(), info.dataLength()).order(ByteOrder.LITTLE_ENDIAN)
                .asShortBuffer().get(out);
        return out;
    }

    private static String fourCc(ByteBuffer b, int at) {
        byte[] id = new byte[4];
        b.get(at, id);
        return new String(id, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static ProtocolException bad(String message) {
        return new ProtocolException(ErrorCode.BAD_AUDIO, message);
    }
}
