package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import dev.parley.client.testing.Clips;
import dev.parley.protocol.ServerMessage;
import dev.parley.protocol.VoiceCodec;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Clips and live messages sharing the speaker without ever mixing. */
class PlaybackLiveTest extends PlaybackFixture {
    @Test
    void aLiveMessageTakesTheSpeakerFromTheClipPlayingWhichResumesAfterIt() {
        TimelineItem a = clip(1);
        vm.toggle(a);
        vm.liveStarting(BOB_LIVE);
        assertThat(io.playbacks.get(0).paused).isTrue();
        assertThat(a.playingProperty().get()).isFalse();
        assertThat(vm.hearingLive()).isTrue();
        vm.liveEnded(BOB_LIVE);
        assertThat(io.playbacks.get(0).paused).isFalse();
        assertThat(a.playingProperty().get()).isTrue();
        assertThat(vm.hearingLive()).isFalse();
    }

    @Test
    void clipsArrivingWhileALiveMessageIsHeardWaitForIt() {
        autoPlay.set(true);
        vm.liveStarting(BOB_LIVE);
        TimelineItem a = clip(1);
        vm.arrived(a);
        assertThat(io.playbacks).as("never two voices at once").isEmpty();
        vm.liveEnded(BOB_LIVE);
        assertThat(io.playbacks).singleElement().satisfies(p -> assertThat(p.wav).isSameAs(a.clip().loadNow()));
    }

    @Test
    void aMessageHeardLiveIsNotPlayedAgainWhenItsStoredMessageArrives() {
        autoPlay.set(true);
        TimelineItem stored = clip(7);
        stored.playedProperty().set(true); // the model marks a message heard live as played
        vm.arrived(stored);
        assertThat(io.playbacks).isEmpty();
    }

    @Test
    void playingAClipByHandStopsHearingTheLiveMessage() {
        autoPlay.set(true);
        bobStarts();
        vm.liveStarting(BOB_LIVE);
        bobSays(5);
        vm.toggle(clip(1));
        assertThat(heard).contains("stopped v-live");
        assertThat(io.playbacks).hasSize(1);
        assertThat(buffer.isIdle()).isTrue();
    }

    @Test
    void pressingPlayOnALiveCardLateHearsItFromItsFirstChunkWhole() {
        bobStarts(); // walkie-talkie mode is off: not heard
        bobSays(20); // 400 ms said before the person presses play
        assertThat(heard).containsExactly("opened v-live false");
        TimelineItem card = TimelineItem.live(BOB_LIVE, 0);
        vm.toggle(card);
        assertThat(vm.hearingLive()).isTrue();
        long played = 0;
        for (int t = 0; t <= 600; t += 10) {
            buffer.pump();
            clock.advance(10);
        }
        for (String h : heard) {
            if (h.startsWith("pcm ")) {
                played += Long.parseLong(h.substring(h.lastIndexOf(' ') + 1));
            }
        }
        assertThat(played).as("all 400 ms, none dropped to catch up").isEqualTo(20 * 640);
    }

    @Test
    void aLiveMessageTheSpeakerFailedOnPlaysAgainOnPlayAndTheQueueGoesOnAfterIt() {
        autoPlay.set(true);
        bobStarts();
        vm.liveStarting(BOB_LIVE); // as the session does for a card opened heard
        bobSays(5);
        buffer.stop(BOB_LIVE); // what the live player does when the speaker fails (unplugged, busy)
        assertThat(vm.hearingLive()).isFalse();
        TimelineItem card = TimelineItem.live(BOB_LIVE, 0);
        vm.toggle(card); // the person presses play on the card again
        assertThat(buffer.contains(BOB_LIVE)).as("it goes to the speaker again").isTrue();
        room.stored(new ServerMessage.Voice(8, "v-live", "bob", 0, 100, 16000, 1, 3244, false));
        for (int t = 0; t <= 300; t += 10) {
            buffer.pump();
            clock.advance(10);
        }
        assertThat(heard).contains("finished v-live");
        assertThat(vm.hearingLive()).isFalse();
        TimelineItem next = clip(9);
        vm.arrived(next);
        assertThat(io.playbacks).as("the queue is not held up by a live message that is not heard").hasSize(1);
    }

    @Test
    void resumingAClipPausedForALiveMessageStopsHearingItSoTheyNeverMix() {
        autoPlay.set(true);
        TimelineItem a = clip(1);
        vm.toggle(a);
        bobStarts();
        vm.liveStarting(BOB_LIVE);
        bobSays(5);
        assertThat(io.playbacks.get(0).paused).isTrue();
        vm.toggle(a); // the person presses play on the paused clip while bob is heard
        assertThat(io.playbacks.get(0).paused).isFalse();
        assertThat(heard).as("the live message stops, as for any clip played by hand").contains("stopped v-live");
        assertThat(vm.hearingLive()).isFalse();
        assertThat(buffer.isIdle()).isTrue();
    }

    private static final LiveKey CAROL_LIVE = new LiveKey("carol", "v-carol");

    /** Bob speaks live and is heard; carol starts while he still speaks, so she waits for the speaker. */
    private void bobThenCarolWaiting() {
        autoPlay.set(true);
        bobStarts();
        vm.liveStarting(BOB_LIVE); // as the session does for a card opened heard
        room.started(new ServerMessage.VoiceStart("v-carol", "carol", VoiceCodec.PCM16, 16000, 1, 0));
        for (int i = 0; i < 5; i++) {
            room.chunk(new ServerMessage.VoiceChunk("v-carol", "carol", i), new byte[640]);
        }
    }

    private void pump(int millis) {
        for (int t = 0; t <= millis; t += 10) {
            buffer.pump();
            clock.advance(10);
        }
    }

    @Test
    void aLiveMessageWaitingBehindAnotherHoldsTheClipsAndItsStoredMessageCountsAsHeardOnceItPlays() {
        bobThenCarolWaiting();
        assertThat(heard).contains("opened v-live true", "opened v-carol false"); // carol's card is not heard yet
        TimelineItem carolStored = TimelineItem.voice(9, "v-carol", "carol", false, 9,
                ClipData.inMemory(Clips.tone(100, 440)), 100, false);
        room.stored(new ServerMessage.Voice(9, "v-carol", "carol", 0, 100, 16000, 1, 3244, false));
        vm.arrived(carolStored); // her stored message came while she still waits behind bob
        TimelineItem next = clip(10);
        vm.arrived(next);
        assertThat(io.playbacks).as("never a clip while a live message plays or waits").isEmpty();
        assertThat(carolStored.playedProperty().get()).as("not heard yet").isFalse();

        bobSays(5);
        room.stored(new ServerMessage.Voice(8, "v-live", "bob", 0, 100, 16000, 1, 3244, false));
        pump(150); // bob plays out; carol's turn comes
        assertThat(heard).containsSubsequence("finished v-live", "started v-carol");
        assertThat(io.playbacks).as("carol still has the speaker").isEmpty();
        assertThat(carolStored.playedProperty().get()).as("heard live").isTrue();

        pump(150);
        assertThat(heard).contains("finished v-carol");
        assertThat(io.playbacks).as("then the clip, and carol's stored message is not played again").singleElement()
                .satisfies(p -> assertThat(p.wav).isSameAs(next.clip().loadNow()));
    }

    @Test
    void playingAClipByHandAlsoStopsTheLiveMessageWaitingForTheSpeaker() {
        bobThenCarolWaiting();
        bobSays(5);
        vm.toggle(clip(1));
        assertThat(heard).contains("stopped v-live", "stopped v-carol");
        assertThat(buffer.isIdle()).isTrue();
        pump(300);
        assertThat(heard).noneMatch(h -> h.startsWith("pcm v-carol")).as("carol is never mixed with the clip");
        assertThat(io.playbacks).singleElement().satisfies(p -> assertThat(p.paused).isFalse());
    }
}

