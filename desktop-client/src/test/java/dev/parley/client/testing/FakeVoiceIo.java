package dev.parley.client.testing;

import dev.parley.client.sound.VoiceIo;

import java.util.ArrayList;
import java.util.List;

/** Sound devices for view-model tests: captures return a preset clip; playbacks are recorded and driven by hand. */
public final class FakeVoiceIo implements VoiceIo {
    public boolean input = true;
    public boolean output = true;
    public Clip nextClip;
    public int recordings;
    public int cancels;
    public CaptureEvents captureEvents;
    /** Whether the current capture's audio went to its events already (by {@link #feed} or {@link #autoStop}). */
    private boolean fed;
    public final List<FakePlayback> playbacks = new ArrayList<>();
    public String devicesNote = "";

    @Override
    public boolean hasInput() {
        return input;
    }

    @Override
    public boolean hasOutput() {
        return output;
    }

    @Override
    public List<String> inputNames() {
        return input ? List.of("Mic A") : List.of();
    }

    @Override
    public List<String> outputNames() {
        return output ? List.of("Speaker A") : List.of();
    }

    @Override
    public String label(String name) {
        return name.equals("Mic A") ? "Microphone A (USB)" : name;
    }

    @Override
    public String devicesNote() {
        return devicesNote;
    }

    @Override
    public Capture record(long maxMillis, CaptureEvents events) throws VoiceUnavailableException {
        if (!input) {
            throw new VoiceUnavailableException("no microphone", null);
        }
        recordings++;
        captureEvents = events;
        fed = false;
        return new Capture() {
            @Override
            public Clip stop() {
                if (nextClip != null && !fed) {
                    feed(nextClip); // what the microphone heard reaches the capture events before stop returns
                }
                return nextClip;
            }

            @Override
            public void cancel() {
                cancels++;
            }
        };
    }

    /** The microphone delivers {@code clip}'s samples to the current capture, as a real one would while recording. */
    public void feed(Clip clip) {
        fed = true;
        byte[] wav = clip.wav();
        captureEvents.captured(wav, 44, wav.length - 44);
    }

    /** The current capture reaches its longest length with {@code clip}'s samples and stops itself. */
    public void autoStop(Clip clip) {
        feed(clip);
        captureEvents.autoStopped(clip);
    }

    @Override
    public Playback play(byte[] wav, double speed, PlaybackEvents events) throws VoiceUnavailableException {
        if (!output) {
            throw new VoiceUnavailableException("no speaker", null);
        }
        FakePlayback p = new FakePlayback(wav, events);
        p.speed = speed;
        playbacks.add(p);
        return p;
    }

    /** A playback the test finishes by hand. */
    public static final class FakePlayback implements Playback {
        public final byte[] wav;
        public final PlaybackEvents events;
        public boolean paused;
        public boolean stopped;
        public double speed;

        FakePlayback(byte[] wav, PlaybackEvents events) {
            this.wav = wav;
            this.events = events;
        }

        @Override
        public void pause() {
            paused = true;
        }

        @Override
        public void resume() {
            paused = false;
        }

        @Override
        public void speed(double newSpeed) {
            speed = newSpeed;
        }

        @Override
        public void stop() {
            stopped = true;
        }
    }
}
