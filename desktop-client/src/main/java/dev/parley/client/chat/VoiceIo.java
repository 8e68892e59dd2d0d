package dev.parley.client.chat;

/**
 * The sound card as the chat screens see it: record a clip, play a clip. The app uses Java Sound
 * ({@code JavaSoundVoiceIo}); view-model tests use a fake. Events arrive on audio threads.
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

    /** Starts recording; the capture stops itself after {@code maxMillis}. */
    Capture record(long maxMillis, CaptureEvents events) throws VoiceUnavailableException;

    /** Starts playing a WAV file. */
    Playback play(byte[] wav, PlaybackEvents events) throws VoiceUnavailableException;

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
        void level(double rms, double peak);

        /** The clip reached its longest allowed length and stopped. */
        void autoStopped(Clip clip);

        void failed(String reason);
    }

    /** A clip playing. */
    interface Playback {
        void pause();

        void resume();

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
