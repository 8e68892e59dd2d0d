package dev.parley.client.audio;

import dev.parley.client.sound.VoiceIo;
import dev.parley.client.sound.VoiceIo.VoiceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.SourceDataLine;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A speaker line open for one live stream ({@link JavaSoundVoiceIo#openStream}): what is written plays right after
 * what was written before, converted ({@link PcmConverter}) when the device took another format than the stream's.
 *
 * <p>The line's buffer is {@link #BUFFER_MILLIS} and it starts once {@link #CUSHION_MILLIS} is in it. The writer
 * (a jitter buffer pumped every ~10 ms) hands over only what its clock says is due, so the line holds about the
 * cushion from then on: a pump that comes late by up to the cushion (a busy machine, a garbage collection) is not
 * heard, at the price of that much delay. The buffer is twice the cushion so that a late pump's catch-up fits
 * without {@link #write} waiting; more room would not add delay (the writer does not run ahead) but nothing would use
 * it. A line that ran dry (the stream itself stalled) stops and builds the cushion again before it plays on.
 *
 * <p>States: open (filling the cushion), playing, closed. One thread writes and drains; {@link #close()} may come
 * from any thread and ends a {@link #write} or {@link #drain} in progress. A line closed under it (the device was
 * unplugged) makes {@link #write} throw with a sentence for people; after {@link #close()} writes are dropped.
 */
final class LiveLine implements VoiceIo.Stream {
    private static final Logger log = LoggerFactory.getLogger(LiveLine.class);
    static final int BUFFER_MILLIS = 80;
    static final int CUSHION_MILLIS = 40;
    /** How long to wait before writing again when the line took nothing. */
    private static final long RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** A playing line that takes nothing this many times in a row (about 2 s) is taken as gone. */
    private static final int STALL_RETRIES = 200;

    private final SourceDataLine line;
    /** What goes wrong, in the app\'s language. */
    private final SoundTexts texts;
    private final PcmConverter converter;
    private final int frameBytes;
    private final int cushionBytes;
    /** Written by the writing thread only. */
    private boolean started;
    private volatile boolean closed;

    /**
     * @param rate     the stream's sample rate (signed 16-bit little-endian PCM)
     * @param channels the stream's channels
     */
    LiveLine(Devices.Opened<SourceDataLine> opened, int rate, int channels) {
        this.line = opened.line();
        this.texts = opened.texts();
        AudioFormat format = opened.format();
        this.converter = PcmConverter.matches(format, rate, channels) ? null
                : new PcmConverter(Formats.pcm16(rate, channels, false), Math.round(format.getSampleRate()),
                format.getChannels());
        this.frameBytes = format.getFrameSize();
        int wanted = Math.round(format.getFrameRate() * CUSHION_MILLIS / 1000f) * frameBytes;
        // a device may give a smaller buffer than asked: keep room to write while the cushion is in it
        int half = line.getBufferSize() / 2;
        this.cushionBytes = Math.max(frameBytes, Math.min(wanted, half - half % frameBytes));
    }

    @Override
    public void write(byte[] pcm) throws VoiceUnavailableException {
        byte[] out = converter == null ? pcm : converter.convert(pcm, 0, pcm.length);
        try {
            if (started && line.available() >= line.getBufferSize()) {
                // everything written has played: the stream stalled; build the cushion again before playing on
                line.stop();
                started = false;
            }
            int off = 0;
            int refused = 0;
            while (off < out.length && !closed) {
                int n;
                if (started) {
                    n = line.write(out, off, out.length - off); // waits only while the buffer is full
                } else {
                    int room = line.available();
                    n = line.write(out, off, Math.min(out.length - off, room - room % frameBytes));
                    if (line.getBufferSize() - line.available() >= cushionBytes || off + n < out.length) {
                        line.start();
                        started = true;
                    }
                }
                off += Math.max(0, n);
                if (off == out.length || closed) {
                    return;
                }
                if (n > 0) {
                    refused = 0;
                    continue;
                }
                if (!line.isOpen() || ++refused > STALL_RETRIES) {
                    throw lost(null);
                }
                LockSupport.parkNanos(RETRY_NANOS);
            }
        } catch (RuntimeException e) {
            // a driver that lost its device may throw rather than return short
            if (!closed) {
                throw lost(e);
            }
        }
    }

    private VoiceUnavailableException lost(RuntimeException cause) {
        log.info("live line lost: {}", cause == null ? "closed under it" : cause.toString());
        return new VoiceUnavailableException(texts.get(SoundTexts.SPEAKER_LOST), cause);
    }

    @Override
    public void drain() {
        if (closed) {
            return;
        }
        try {
            if (!started) {
                // shorter than the cushion: it has not started yet
                line.start();
                started = true;
            }
            line.drain(); // also returns when the line is closed
        } catch (RuntimeException e) {
            log.debug("drain failed: {}", e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        Devices.quietly(line::flush, "flush");
        Devices.quietly(line::close, "close");
    }
}
