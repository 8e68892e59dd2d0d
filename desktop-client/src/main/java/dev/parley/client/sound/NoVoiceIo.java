package dev.parley.client.sound;

import java.util.List;

/** No sound at all (Java Sound could not start): text chat works, push-to-talk and playback say why not. */
public final class NoVoiceIo implements VoiceIo {
    private final String reason;

    public NoVoiceIo(String reason) {
        this.reason = reason;
    }

    @Override
    public boolean hasInput() {
        return false;
    }

    @Override
    public boolean hasOutput() {
        return false;
    }

    @Override
    public List<String> inputNames() {
        return List.of();
    }

    @Override
    public List<String> outputNames() {
        return List.of();
    }

    @Override
    public Capture record(long maxMillis, CaptureEvents events) throws VoiceUnavailableException {
        throw new VoiceUnavailableException(reason, null);
    }

    @Override
    public Playback play(byte[] wav, double speed, PlaybackEvents events) throws VoiceUnavailableException {
        throw new VoiceUnavailableException(reason, null);
    }
}
