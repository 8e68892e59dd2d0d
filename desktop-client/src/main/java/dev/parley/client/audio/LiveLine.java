package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.SourceDataLine;
import java.util.concurrent.locks.LockSupport;

/**
 * A speaker line open for one live stream: signed 16-bit little-endian PCM in the stream's format goes in, converted
 * when the device took another format ({@link PcmConverter}, which keeps its filter state from piece to piece).
 * {@link #write} waits only while the line's buffer is full; the jitter buffer upstream paces the audio, so that
 * happens only when the device's clock runs slower than ours.
 *
 * <p>One thread writes; {@link #close} may come from any thread and makes a waiting {@link #write} return.
 */
final class LiveLine implements VoiceIo.Stream {
    /**
     * The line's buffer. Live audio arrives paced by the jitter buffer in ~10 ms pieces, so the line never needs to
     * hold much: 80 ms rides out a late wake-up of the pumping thread (a GC pause, a busy core) and adds at most that
     * much to the talk-to-ear delay. (Clips use 200 ms: there a gap is worse than a delay.)
     */
    static final int BUFFER_MILLIS = 80;

    private final SourceDataLine line;
    private final PcmConverter converter;
    private final int frameBytes;
    private volatile boolean closed;

    LiveLine(Devices.Opened<SourceDataLine> opened, int sampleRate, int channels) {
        this.line = opened.line();
        AudioFormat format = opened.format();
        this.converter = PcmConverter.matches(format, sampleRate, channels) ? null
                : new PcmConverter(Formats.pcm16(sampleRate, channels, false), Math.round(format.getSampleRate()),
                format.getChannels());
        this.frameBytes = format.getFrameSize();
    }

    void start() {
        line.start();
    }

    @Override
    public void write(byte[] pcm) throws VoiceIo.VoiceUnavailableException {
        byte[] out = converter == null ? pcm : converter.convert(pcm, 0, pcm.length);
        int len = out.length - out.length % frameBytes;
        int off = 0;
        int refused = 0;
        while (off < len) {
            if (closed) {
                return;
            }
            if (!line.isOpen()) {
                throw lost();
            }
            int n = line.write(out, off, len - off);
            if (n > 0) {
                off += n;
                refused = 0;
            } else if (++refused > 50) {
                throw lost(); // a line that takes nothing for about half a second is gone
            } else {
                LockSupport.parkNanos(10_000_000L);
            }
        }
    }

    private VoiceIo.VoiceUnavailableException lost() {
        return new VoiceIo.VoiceUnavailableException(SoundTexts.get(SoundTexts.SPEAKER_LOST), null);
    }

    @Override
    public void drain() {
        if (!closed && line.isOpen()) {
            line.drain();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Devices.quietly(line::stop, "stop");
        Devices.quietly(line::flush, "flush");
        Devices.quietly(line::close, "close");
    }
}
