package dev.parley.client.chat;

import dev.parley.client.testing.Clips;
import dev.parley.protocol.ServerMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** "Not played" is per listener, and survives a restart. */
class PlayedClipsTest {
    @TempDir
    Path dir;

    private static ServerMessage.Voice voice(long seq, String id, boolean replay) {
        return new ServerMessage.Voice(seq, id, "bob", 1000 + seq, 1200, 16000, 1, 100, replay);
    }

    private static TimelineItem last(ChatModel model) {
        return model.timeline().get(model.timeline().size() - 1);
    }

    @Test
    void aReplayedClipThisListenerNeverPlayedKeepsItsDotUntilPlayed() {
        ChatModel model = new ChatModel(PlayedClips.load(dir, Runnable::run));
        model.nickProperty().set("carol");
        model.stored(voice(1, "v-1", true), ClipData.inMemory(Clips.tone(1200, 440)));
        TimelineItem replayed = last(model);
        assertThat(replayed.playedProperty().get()).as("joined later, never heard it").isFalse();
        replayed.playedProperty().set(true);

        // next start: the same clip replayed again is remembered as played; another one is not
        ChatModel again = new ChatModel(PlayedClips.load(dir, Runnable::run));
        again.nickProperty().set("carol");
        again.stored(voice(1, "v-1", true), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(last(again).playedProperty().get()).isTrue();
        again.stored(voice(2, "v-2", true), ClipData.inMemory(Clips.tone(1200, 440)));
        assertThat(last(again).playedProperty().get()).isFalse();
    }
}
