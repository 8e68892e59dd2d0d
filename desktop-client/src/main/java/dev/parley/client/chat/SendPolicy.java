package dev.parley.client.chat;

import dev.parley.client.live.LiveSender;

import java.util.function.Consumer;

/**
 * What becomes of a recording when it ends: shorter than {@link #MIN_CLIP_MILLIS} (taken for an accidental tap) or
 * larger than the relay takes, it is thrown away; otherwise its WAV and waveform are made, its card is shown as
 * pending, and then it is handed to the connection, in that order, so that its echo always finds the card.
 */
final class SendPolicy {
    /** Shorter clips are taken for accidental taps. */
    static final long MIN_CLIP_MILLIS = 300;

    /** How a recording ended. */
    enum Outcome { SENT, TOO_SHORT, TOO_LARGE }

    /** A recording made ready to send: its WAV and length, and the clip as its card holds it. */
    record Sealed(LiveSender.Recording recording, ClipData clip) {
    }

    private SendPolicy() {
    }

    /** Whether a recording of {@code capturedMillis}, {@code wavBytes} as a WAV, may be sent. */
    static Outcome judge(long capturedMillis, long wavBytes, long maxClipBytes) {
        if (capturedMillis < MIN_CLIP_MILLIS) {
            return Outcome.TOO_SHORT;
        }
        return wavBytes > maxClipBytes ? Outcome.TOO_LARGE : Outcome.SENT;
    }

    /**
     * Ends {@code sending}'s recording (its microphone stopped): one not to be sent is cancelled; one to be sent is
     * sealed here (the copy of up to the longest clip and its waveform: call this off the FX thread),
     * {@code showPending} gets it through {@code ui} (the UI door, which keeps hand-over order), then the connection
     * gets it.
     */
    static Outcome finish(LiveSender sending, long maxClipBytes, Consumer<Runnable> ui, Consumer<Sealed> showPending) {
        Outcome outcome = judge(sending.capturedMillis(), sending.wavBytes(), maxClipBytes);
        if (outcome != Outcome.SENT) {
            sending.cancel();
            return outcome;
        }
        LiveSender.Recording recording = sending.seal();
        if (recording == null) {
            return Outcome.TOO_SHORT; // nothing was captured after all
        }
        Sealed sealed = new Sealed(recording, ClipData.inMemory(recording.wav()));
        ui.accept(() -> showPending.accept(sealed));
        sending.deliver(recording);
        return outcome;
    }
}
