package dev.parley.client.audio;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * "Parley virtual speaker": its {@link SourceDataLine}s keep every byte written ({@link #written}) and play them at
 * the line's frame rate while running: {@code getLongFramePosition} advances with time (never past what was
 * written), {@code available} frees up as frames play, {@code drain} waits for the last frame. Like the JDK's
 * lines, {@code drain} on a stopped line returns at once. By default it plays 16-bit signed little-endian, mono or
 * stereo, 8000-48000 Hz; {@link #offer} narrows that; {@link SpeakerGate} makes its lines hang like a stuck driver.
 * {@link #reset} between tests.
 */
final class VirtualSpeaker extends VirtualMixer {
    static final String NAME = "Parley virtual speaker";
    static final AudioFormat ANY_MONO = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, AudioSystem.NOT_SPECIFIED, 16,
            1, 2, AudioSystem.NOT_SPECIFIED, false);
    static final AudioFormat ANY_STEREO = new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, AudioSystem.NOT_SPECIFIED,
            16, 2, 4, AudioSystem.NOT_SPECIFIED, false);
    static final AudioFormat STEREO_48K = new AudioFormat(48000, 16, 2, true, false);
    // INFO before INSTANCE: the constructor reads it
    static final VirtualInfo INFO = new VirtualInfo(NAME, "A speaker that keeps what it is given, for the tests");
    static final VirtualSpeaker INSTANCE = new VirtualSpeaker();

    private static final ByteArrayOutputStream WRITTEN = new ByteArrayOutputStream();
    private static volatile boolean present = true;
    private static volatile boolean busy;
    private static volatile AudioFormat[] formats = {ANY_MONO, ANY_STEREO};

    private VirtualSpeaker() {
        super(INFO, true);
    }

    /** Present, idle, any rate; forgets what was written; closes lines left open. */
    static void reset() {
        SpeakerGate.letGo();
        present = true;
        busy = false;
        formats = new AudioFormat[] {ANY_MONO, ANY_STEREO};
        INSTANCE.closeAll();
        synchronized (WRITTEN) {
            WRITTEN.reset();
        }
        firstWriteNanos = 0;
    }

    static boolean present() {
        return present;
    }

    static void present(boolean isPresent) {
        present = isPresent;
    }

    /** Unplugs the speaker while lines may be open: they close under their users. */
    static void unplug() {
        present = false;
        for (VirtualLine line : INSTANCE.lines()) {
            line.close();
        }
    }

    static void busy(boolean isBusy) {
        busy = isBusy;
    }

    static void offer(AudioFormat... offered) {
        formats = offered.clone();
    }

    /** Sees every write to a speaker line, for benchmarks; {@code null} when none does. */
    interface WriteTap {
        /**
         * {@code len} bytes at {@code off} went into {@code line} at {@code nanos}, behind {@code queuedFrames}
         * frames not yet played.
         */
        void written(Object line, byte[] b, int off, int len, long nanos, long queuedFrames);
    }

    static volatile WriteTap tap;

    /** {@link System#nanoTime()} when the first byte since the last reset was written; 0 before that. */
    static volatile long firstWriteNanos;

    /** Every byte written to any line since the last reset, in order. */
    static byte[] written() {
        synchronized (WRITTEN) {
            return WRITTEN.toByteArray();
        }
    }

    static List<VirtualLine> allLines() {
        return INSTANCE.lines();
    }

    static long openLines() {
        return INSTANCE.lines().stream().filter(VirtualLine::isOpen).count();
    }

    @Override
    DataLine.Info lineInfo() {
        return new DataLine.Info(SourceDataLine.class, formats, 64, 1 << 22);
    }

    @Override
    VirtualLine newLine(DataLine.Info info) {
        return new SpeakerLine(info, this);
    }

    @Override
    boolean busy() {
        return busy;
    }

    private static final class SpeakerLine extends VirtualLine implements SourceDataLine {
        private long writtenFrames;
        private double played;

        SpeakerLine(DataLine.Info info, VirtualMixer mixer) {
            super(info, mixer);
        }

        @Override
        public void open(AudioFormat format, int bufferSize) throws LineUnavailableException {
            if (format.getSampleRate() < 8000 || format.getSampleRate() > 48000) {
                throw new IllegalArgumentException("the speaker plays 8000-48000 Hz, not " + format.getSampleRate());
            }
            openLine(format, bufferSize);
            synchronized (lock) {
                writtenFrames = 0;
                played = 0;
            }
        }

        @Override
        public void open(AudioFormat format) throws LineUnavailableException {
            open(format, 0);
        }

        @Override
        protected void advance() {
            played = Math.min(writtenFrames, played + elapsedFrames());
        }

        private int space() {
            long queued = writtenFrames - (long) Math.floor(played);
            return (int) (bufferSize - queued * format.getFrameSize());
        }

        @Override
        public int write(byte[] b, int off, int len) {
            if (firstWriteNanos == 0 && len > 0) {
                firstWriteNanos = System.nanoTime();
            }
            requireWholeFrames(len);
            synchronized (lock) {
                int done = 0;
                int since = interruptions;
                while (true) {
                    if (!open) {
                        return done;
                    }
                    advance();
                    int n = Math.min(len - done, space());
                    WriteTap watching = tap;
                    if (n > 0 && watching != null) {
                        watching.written(this, b, off + done, n, System.nanoTime(),
                                writtenFrames - (long) Math.floor(played));
                    }
                    if (n > 0) {
                        synchronized (WRITTEN) {
                            WRITTEN.write(b, off + done, n);
                        }
                        writtenFrames += n / format.getFrameSize();
                        done += n;
                    }
                    if (done == len || !running || interruptions != since) {
                        return done;
                    }
                    waitFor((len - done) / format.getFrameSize());
                }
            }
        }

        @Override
        public int available() {
            synchronized (lock) {
                if (!open) {
                    return 0;
                }
                advance();
                return space();
            }
        }

        @Override
        public void stop() {
            SpeakerGate.pass();
            super.stop();
        }

        @Override
        public void close() {
            SpeakerGate.pass();
            super.close();
        }

        @Override
        public void drain() {
            SpeakerGate.pass();
            synchronized (lock) {
                int since = interruptions;
                while (open && running && interruptions == since) {
                    advance();
                    long left = writtenFrames - (long) Math.floor(played);
                    if (left <= 0) {
                        return;
                    }
                    waitFor(left);
                }
            }
        }

        @Override
        public void flush() {
            SpeakerGate.pass();
            synchronized (lock) {
                if (open) {
                    advance();
                    writtenFrames = (long) Math.floor(played);
                    played = writtenFrames;
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
                return (long) Math.floor(played);
            }
        }
    }
}
