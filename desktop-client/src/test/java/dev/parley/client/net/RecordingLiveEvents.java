package dev.parley.client.net;

import dev.parley.protocol.ServerMessage;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what a connection reports about live streams, as short strings, in order, and the chunks' audio. */
final class RecordingLiveEvents implements LiveVoiceEvents {
    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<byte[]> pcm = new CopyOnWriteArrayList<>();

    @Override
    public void started(ServerMessage.VoiceStart start) {
        seen.add("start " + start.from() + " " + start.id() + " " + start.sampleRate() + "/" + start.channels());
    }

    @Override
    public void chunk(ServerMessage.VoiceChunk chunk, byte[] audio) {
        seen.add("chunk " + chunk.from() + " " + chunk.id() + " " + chunk.n() + " " + audio.length);
        pcm.add(audio);
    }

    @Override
    public void aborted(ServerMessage.VoiceAbort abort) {
        seen.add("abort " + abort.from() + " " + abort.id() + " " + abort.reason().wire());
    }

    @Override
    public void stored(ServerMessage.Voice voice) {
        seen.add("stored " + voice.from() + " " + voice.id());
    }

    @Override
    public void lost() {
        seen.add("lost");
    }
}
