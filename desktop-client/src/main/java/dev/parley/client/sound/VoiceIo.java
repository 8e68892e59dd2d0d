package dev.parley.client.sound;

/**
 * The sound card as the rest of the app sees it: record a clip (and hear it as it is captured), play a clip, play a
 * live stream. The app uses Java Sound ({@code audio.JavaSoundVoiceIo}); view-model tests use a fake. This package
 * depends on nothing else of the app, so chat, settings and audio all depend on it and not on each other. Events
 * arrive on audio threads.
 */
public interface VoiceIo {
    /** Whether a microphone can be opened now. */
    boolean hasInput();

    /** Whether a speaker can be opened now. */
    boolean hasOutput();

    /** Names of the microphones (input mixers) present. */
    java.util.List<String> inputNames();

    /** Names of the speakers (output mixers) present. */
    java.util.List<String> outputNames();

    /** The name people see for a device of {@link #inputNames} or {@link #outputNames}. */
    default String label(String name) {
        return name;
    }

    /** A sentence to show beside the device lists (such as why only the default device is there), or empty. */
    default String devicesNote() {
        return "";
    }

    /** Starts recording; the capture stops itself after {@code maxMillis}. */
    Capture record(long maxMillis, CaptureEvents events) throws VoiceUnavailableException;

    /** Starts playing a WAV file at normal speed. */
    default Playback play(byte[] wav, PlaybackEvents events) throws VoiceUnavailableException {
        return play(wav, 1, events);
    }

    /**
     * Starts playing a WAV file at {@code speed} (1 is normal; 1.5 and 2 play it in 2/3 and 1/2 of the time, with
     * the pitch kept). Progress is in the clip's own time at any speed.
     */
    Playback play(byte[] wav, double speed, PlaybackEvents events) throws VoiceUnavailableException;

    /**
     * Opens the speaker for a live stream of signed 16-bit little-endian PCM at {@code sampleRate} and
     * {@code channels}, converted to what the device takes. Opens it on the caller's thread; never the FX thread.
     */
    default Stream openStream(int sampleRate, int channels) throws VoiceUnavailableException {
        throw new VoiceUnavailableException("live playback is not available", null);
    }

    /** A speaker line open for a live stream; one thread writes and drains, any thread may close it. */
    interface Stream extends AutoCloseable {
        /**
         * Queues {@code pcm} (whole frames) to play right after what was written before; may wait while the
         * device's buffer is full. Throws {@link VoiceUnavailableException} when the device went away.
         */
        void write(byte[] pcm) throws VoiceUnavailableException;

        /** Waits until everything written has played (at most about the device's buffer). */
        void drain();

        /**
         * Stops at once and closes the line; what was not played is dropped, and so is what is written after (a
         * write or drain in progress returns). Again does nothing.
         */
        @Override
        void close();
    }

    /** A recording clip. */
    record Clip(byte[] wav, long durationMs) {
    }

    /** A recording in progress. */
    interface Capture {
        /** Stops and returns the clip (possibly very short), or {@code null} if nothing was captured. */
        Clip stop();

        /** Stops and throws the audio away. */
        void cancel();
    }

    /** What a capture reports, from its own thread. */
    interface CaptureEvents {
        /**
         * Audio as it is captured, already 16 kHz mono signed 16-bit little-endian (whole frames), in order and
         * without gaps: everything the clip will hold, including what is read after {@link Capture#stop()} was
         * called. From the capture thread; must not block.
         */
        default void captured(byte[] pcm, int offset, int length) {
        }

        void level(double rms, double peak);

        /** The clip reached its longest allowed length and stopped. */
        void autoStopped(Clip clip);

        void failed(String reason);
    }

    /** A clip playing. */
    interface Playback {
        void pause();

        void resume();

        /** Plays on at {@code speed}, from what has not yet gone to the speaker. */
        void speed(double speed);

        void stop();
    }

    /** What a playback reports, from its own thread. */
    interface PlaybackEvents {
        void progress(long playedMillis, long totalMillis);

        void finished();

        void failed(String reason);
    }

    /** No device, or the device refused; the message is a sentence for people. */
    final class VoiceUnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        public VoiceUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
