package dev.parley.client.chat;

import dev.parley.client.live.LiveKey;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link SpeakerQueue} as plain Java: clips are strings, and the speaker writes down what it is told. */
class SpeakerQueueTest {
    private static final LiveKey BOB = new LiveKey("bob", "v-bob");
    private static final LiveKey CAROL = new LiveKey("carol", "v-carol");

    /** What the speaker was told, in order. */
    private final List<String> told = new ArrayList<>();
    /** Live streams playing or waiting for the speaker, as the live room would say. */
    private final Set<LiveKey> toSpeaker = new HashSet<>();
    private boolean speakerPresent = true;
    private final SpeakerQueue<String> queue = new SpeakerQueue<>(new SpeakerQueue.Speaker<>() {
        @Override
        public boolean play(String clip) {
            told.add(speakerPresent ? "play " + clip : "no speaker for " + clip);
            return speakerPresent;
        }

        @Override
        public void pause(String clip) {
            told.add("pause " + clip);
        }

        @Override
        public void resume(String clip) {
            told.add("resume " + clip);
        }

        @Override
        public void stop(String clip) {
            told.add("stop " + clip);
        }

        @Override
        public void stopLive() {
            told.add("stop live");
            toSpeaker.clear();
        }

        @Override
        public boolean liveTaken() {
            return !toSpeaker.isEmpty();
        }

        @Override
        public boolean liveToSpeaker(LiveKey stream) {
            return toSpeaker.contains(stream);
        }

        @Override
        public void heardLive(String clip) {
            told.add("heard live " + clip);
        }
    });

    /** The live player started a stream (it had the speaker, or waited for it, in the room). */
    private void liveStarts(LiveKey stream) {
        toSpeaker.add(stream);
        queue.liveStarting(stream);
    }

    private void liveEnds(LiveKey stream) {
        toSpeaker.remove(stream);
        queue.liveEnded(stream);
    }

    @Test
    void clipsArrivingPlayOneAtATimeInArrivalOrder() {
        queue.arrived("a", null);
        queue.arrived("b", null);
        queue.arrived("c", null);
        assertThat(told).containsExactly("play a");
        queue.ended("a");
        queue.ended("a"); // a late second report changes nothing
        queue.ended("b");
        assertThat(told).containsExactly("play a", "stop a", "play b", "stop b", "play c");
        assertThat(queue.current()).isEqualTo("c");
    }

    @Test
    void aLiveStreamPausesTheClipPlayingAndHoldsTheArrivalsUntilItEnds() {
        queue.arrived("a", null);
        liveStarts(BOB);
        queue.arrived("b", null);
        assertThat(told).containsExactly("play a", "pause a");
        assertThat(queue.hearingLive()).isTrue();
        liveEnds(BOB);
        queue.ended("a");
        assertThat(told).containsExactly("play a", "pause a", "resume a", "stop a", "play b");
    }

    @Test
    void aStreamWaitingForTheSpeakerHoldsTheClipsThoughNoneIsHeardYet() {
        liveStarts(BOB);
        toSpeaker.add(CAROL); // carol waits behind bob
        queue.arrived("a", null);
        liveEnds(BOB);
        assertThat(told).as("carol is next, not the clip").isEmpty();
        liveStarts(CAROL);
        liveEnds(CAROL);
        assertThat(told).containsExactly("play a");
    }

    @Test
    void aStreamThatWaitedAndWasAbortedBeforePlayingLetsTheClipsGoOn() {
        liveStarts(BOB);
        toSpeaker.add(CAROL);
        queue.arrived("a", null);
        liveEnds(BOB);
        liveEnds(CAROL); // never heard: aborted while it waited
        assertThat(told).containsExactly("play a");
    }

    @Test
    void theStoredClipOfAStreamStillWaitingIsNotQueuedAndCountsAsHeardWhenTheStreamPlays() {
        liveStarts(BOB);
        toSpeaker.add(CAROL);
        queue.arrived("carol's", CAROL);
        queue.arrived("bob's", BOB); // bob is being heard: his stored clip is heard already
        assertThat(told).containsExactly("heard live bob's");
        liveEnds(BOB);
        liveStarts(CAROL);
        liveEnds(CAROL);
        assertThat(told).containsExactly("heard live bob's", "heard live carol's");
        assertThat(queue.current()).isNull();
    }

    @Test
    void aClipPlayedByHandForgetsTheQueueAndStopsEveryLiveStream() {
        queue.arrived("a", null);
        queue.arrived("b", null);
        liveStarts(BOB);
        toSpeaker.add(CAROL);
        queue.toggle("x");
        assertThat(told).containsExactly("play a", "pause a", "stop live", "stop a", "play x");
        assertThat(queue.hearingLive()).isFalse();
        queue.ended("x");
        assertThat(told).last().as("the queue was forgotten").isEqualTo("stop x");
    }

    @Test
    void togglingTheClipPausesItAndResumingAClipPausedForALiveStreamStopsTheStream() {
        queue.toggle("a");
        queue.toggle("a");
        assertThat(queue.paused()).isTrue();
        queue.toggle("a");
        liveStarts(BOB);
        queue.toggle("a"); // resumed by hand while bob is heard: bob stops, they never mix
        liveEnds(BOB); // the stop's report comes after
        assertThat(told).containsExactly("stop live", "play a", "pause a", "stop live", "resume a", "pause a",
                "stop live", "resume a");
        assertThat(queue.paused()).isFalse();
    }

    @Test
    void hearingALiveStreamByHandStopsTheClipAndForgetsTheQueue() {
        queue.arrived("a", null);
        queue.arrived("b", null);
        queue.clearForLive();
        liveStarts(BOB);
        liveEnds(BOB);
        assertThat(told).containsExactly("play a", "stop a", "stop live");
    }

    @Test
    void withoutASpeakerNothingPlaysAndASpeakerThatRefusesHaltsTheQueueUntilTheNextArrival() {
        speakerPresent = false;
        queue.arrived("a", null);
        assertThat(queue.current()).isNull();
        speakerPresent = true;
        queue.arrived("b", null);
        queue.arrived("c", null);
        queue.halted("b"); // the speaker could not be opened
        assertThat(queue.current()).isNull();
        queue.arrived("d", null);
        assertThat(told).containsExactly("no speaker for a", "play b", "stop b", "play d");
    }

    @Test
    void afterCloseNothingPlays() {
        queue.arrived("a", null);
        queue.close();
        queue.arrived("b", null);
        liveStarts(BOB);
        liveEnds(BOB);
        assertThat(told).containsExactly("play a", "stop a");
    }
}
