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
        return new Capture() {
            @Override
            public Clip stop() {
                return nextClip;
            }

            @Override
            public void cancel() {
                cancels++;
            }
        };
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
