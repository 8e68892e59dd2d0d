package dev.parley.client.audio;

import dev.parley.protocol.ProtocolException;
import dev.parley.protocol.Wav;
import dev.parley.protocol.WavInfo;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * "Parley virtual microphone": its {@link TargetDataLine}s deliver the samples of the WAV given to {@link #feed},
 * then silence, paced at the line's frame rate from {@code start()}. By default it records 16 kHz mono 16-bit
 * little-endian only; {@link #offer} changes that (to test conversion, or a device with no usable format).
 * {@link #reset} between tests.
 */
final class VirtualMicrophone extends VirtualMixer {
    static final String NAME = "Parley virtual microphone";
    static final AudioFormat MONO_16K = new AudioFormat(16000, 16, 1, true, false);
    static final AudioFormat STEREO_48K = new AudioFormat(48000, 16, 2, true, false);
    // INFO before INSTANCE: the constructor reads it
    static final VirtualInfo INFO = new VirtualInfo(NAME, "A microphone fed from a WAV by the tests");
    static final VirtualMicrophone INSTANCE = new VirtualMicrophone();

    private static volatile boolean present = true;
    private static volatile boolean busy;
    private static volatile AudioFormat[] formats = {MONO_16K};
    private static volatile byte[] sound = new byte[0];
    private static volatile AudioFormat soundFormat;

    private VirtualMicrophone() {
        super(INFO, false);
    }

    /** Present, idle, 16 kHz mono, nothing to hear; closes lines left open. */
    static void reset() {
        present = true;
        busy = false;
        formats = new AudioFormat[] {MONO_16K};
        sound = new byte[0];
        soundFormat = null;
        INSTANCE.closeAll();
    }

    static boolean present() {
        return present;
    }

    /** Takes the microphone away (no mixer listed) or brings it back. */
    static void present(boolean isPresent) {
        present = isPresent;
    }

    /** Unplugs the microphone while lines may be open: they close under their users. */
    static void unplug() {
        present = false;
        for (VirtualLine line : INSTANCE.lines()) {
            line.close();
        }
    }

    static void busy(boolean isBusy) {
        busy = isBusy;
    }

    /** The formats the microphone can record in, instead of 16 kHz mono. */
    static void offer(AudioFormat... offered) {
        formats = offered.clone();
    }

    /** What the next lines hear, from their start: this WAV's samples, then silence. */
    static void feed(byte[] wav) {
        try {
            WavInfo info = Wav.inspect(ByteBuffer.wrap(wav));
            sound = Arrays.copyOfRange(wav, info.dataOffset(), info.dataOffset() + info.dataLength());
            soundFormat = new AudioFormat(info.sampleRate(), 16, info.channels(), true, false);
        } catch (ProtocolException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Every line handed out since the last reset. */
    static List<VirtualLine> allLines() {
        return INSTANCE.lines();
    }

    static long openLines() {
        return INSTANCE.lines().stream().filter(VirtualLine::isOpen).count();
    }

    @Override
    DataLine.Info lineInfo() {
        return new DataLine.Info(TargetDataLine.class, formats, 64, 1 << 22);
    }

    @Override
    VirtualLine newLine(DataLine.Info info) {
        return new MicLine(info, this);
    }

    @Override
    boolean busy() {
        return busy;
    }

    /** A capture line: bytes become available as the clock runs; it never overflows. */
    private static final class MicLine extends VirtualLine implements TargetDataLine {
        private byte[] heard = new byte[0];
        private double captured;
        private long delivered;

        MicLine(DataLine.Info info, VirtualMixer mixer) {
            super(info, mixer);
        }

        @Override
        public void open(AudioFormat format, int bufferSize) throws LineUnavailableException {
            AudioFormat fed = soundFormat;
            if (fed != null && !format.matches(fed)) {
                throw new IllegalStateException("the test fed " + fed + " to a microphone opened in " + format);
            }
            openLine(format, bufferSize);
            synchronized (lock) {
                heard = sound;
                captured = 0;
                delivered = 0;
            }
        }

        @Override
        public void open(AudioFormat format) throws LineUnavailableException {
            open(format, 0);
        }

        @Override
        protected void advance() {
            captured += elapsedFrames();
        }

        @Override
        public int read(byte[] b, int off, int len) {
            requireWholeFrames(len);
            synchronized (lock) {
                int done = 0;
                int since = interruptions;
                while (true) {
                    if (!open) {
                        return done;
                    }
                    advance();
                    int n = (int) Math.min(len - done, availableBytes());
                    for (int i = 0; i < n; i++) {
                        long at = delivered + i;
                        b[off + done + i] = at < heard.length ? heard[(int) at] : 0;
                    }
                    delivered += n;
                    done += n;
                    if (done == len || !running || interruptions != since) {
                        return done;
                    }
                    waitFor((len - done) / format.getFrameSize());
                }
            }
        }

        private long availableBytes() {
            return Math.max(0, (long) Math.floor(captured) * format.getFrameSize() - delivered);
        }

        @Override
        public int available() {
            synchronized (lock) {
                if (!open) {
                    return 0;
                }
                advance();
                return (int) Math.min(Integer.MAX_VALUE, availableBytes());
            }
        }

        @Override
        public void drain() {
            // nothing queued to wait for: a capture line's data is read, not played
        }

        @Override
        public void flush() {
            synchronized (lock) {
                if (open) {
                    advance();
                    delivered = (long) Math.floor(captured) * format.getFrameSize();
                }
                interruptions++;
                lock.notifyAll();
            }
        }

        @Override
        public long getLongFramePosition() {
            synchronized (lock) {
                if (format != null && open) {
                    advance();
                }
                return (long) Math.floor(captured);
            }
        }
    }
}
