package dev.parley.client.live;

import dev.parley.protocol.AbortReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.parley.client.live.JitterScript.at;
import static dev.parley.client.live.JitterScript.every;
import static dev.parley.client.live.JitterScript.script;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link JitterBuffer} on a virtual clock: a script of arrivals run by {@link JitterScript}, a pump every 10 ms, and
 * the sink's samples checked one by one.
 */
class JitterBufferTest {

    static Stream<Arguments> arrivals() {
        return Stream.of(
                // steady: a chunk every 20 ms; starts once 60 ms is queued, plays everything, ends 200 ms later
                Arguments.of("steady", script(every(0, 20, 10, "A"), "200 end A"),
                        List.of("A 0-3199"),
                        List.of("40 started A", "240 finished A")),
                // jittery arrivals (gaps up to 35 ms) are absorbed by the 60 ms start: same output as steady
                Arguments.of("jittery", script(at("A", 0, 35, 38, 60, 95, 100, 118, 150, 160, 185), "200 end A"),
                        List.of("A 0-3199"),
                        List.of("40 started A", "240 finished A")),
                // a short stall: underrun, re-buffer to 60 ms, resume; nothing is lost
                Arguments.of("stall then resume", script(every(0, 20, 5, "A"), every(200, 20, 5, "A"), "300 end A"),
                        List.of("A 0-3199"),
                        List.of("40 started A", "150 underrun A", "340 finished A")),
                // a long stall then a 300 ms burst: the oldest 240 ms are dropped to be live again
                Arguments.of("stall then burst", script(every(0, 20, 5, "A"), every(400, 0, 15, "A"), "420 end A"),
                        List.of("A 0-1599", "A 5440-6399"),
                        List.of("40 started A", "150 underrun A", "400 dropped A 7680", "460 finished A")),
                // the pump held up 160 ms while playing (the speaker opening, a busy machine): what came in time and
                // is due when it comes is played, late, not dropped as if it had piled up
                Arguments.of("pump held up while playing", script(every(0, 20, 30, "A"), "60 hold 160", "600 end A"),
                        List.of("A 0-9599"),
                        List.of("40 started A", "640 finished A")),
                // the pump held up from the start: the stream starts from when 60 ms had come, not when it was noticed
                Arguments.of("pump held up from the start", script("0 hold 250", every(0, 20, 30, "A"), "600 end A"),
                        List.of("A 0-9599"),
                        List.of("250 started A", "640 finished A")),
                // held up while re-buffering after a stall: the stream resumes from when 60 ms had come again
                Arguments.of("pump held up while re-buffering",
                        script(every(0, 20, 5, "A"), every(300, 20, 15, "A"), "310 hold 210", "600 end A"),
                        List.of("A 0-6399"),
                        List.of("40 started A", "150 underrun A", "640 finished A")),
                // two speakers overlapping: B waits and plays after A, whole (its 240 ms backlog is not trimmed)
                Arguments.of("two speakers overlapping",
                        script(every(0, 20, 10, "A"), "200 end A", "20 start B", every(20, 20, 15, "B"), "320 end B"),
                        List.of("A 0-3199", "B 20000-24799"),
                        List.of("40 started A", "240 finished A", "240 started B", "540 finished B")),
                // the playing stream aborted mid-way: it stops at once, its later chunks are ignored, B plays
                Arguments.of("abort mid-way",
                        script(every(0, 20, 10, "A"), "110 abort A", "50 start B", every(50, 20, 5, "B"), "140 end B"),
                        List.of("A 0-959", "B 20000-21599"),
                        List.of("40 started A", "110 aborted A interrupted", "110 started B", "210 finished B")),
                // a waiting stream aborted is never played
                Arguments.of("abort while waiting",
                        script(every(0, 20, 10, "A"), "200 end A", "20 start B", every(20, 20, 5, "B"), "120 abort B"),
                        List.of("A 0-3199"),
                        List.of("40 started A", "120 aborted B interrupted", "240 finished A")),
                // a stream shorter than the start amount plays as soon as its end has come
                Arguments.of("shorter than the start amount", script(every(0, 20, 2, "A"), "30 end A"),
                        List.of("A 0-639"),
                        List.of("30 started A", "70 finished A")),
                // joined late: started whole with the 300 ms kept so far, then live chunks; nothing is trimmed
                Arguments.of("started whole with a backlog",
                        lines("0 whole A", every(0, 0, 15, "A"), every(20, 20, 5, "A"), "120 end A"),
                        List.of("A 0-6399"),
                        List.of("0 started A", "400 finished A")),
                // the same arrivals started live: the backlog past 200 ms is dropped down to 60 ms
                Arguments.of("started live with a backlog",
                        lines("0 start A", every(0, 0, 15, "A"), every(20, 20, 5, "A"), "120 end A"),
                        List.of("A 3840-6399"),
                        List.of("0 dropped A 7680", "0 started A", "160 finished A")),
                // stopped here mid-way: it stops at once, its later chunks are ignored, B plays
                Arguments.of("stop mid-way",
                        script(every(0, 20, 10, "A"), "110 stop A", "50 start B", every(50, 20, 5, "B"), "140 end B"),
                        List.of("A 0-959", "B 20000-21599"),
                        List.of("40 started A", "110 stopped A", "110 started B", "210 finished B")),
                // a waiting stream stopped is never played
                Arguments.of("stop while waiting",
                        script(every(0, 20, 10, "A"), "200 end A", "20 start B", every(20, 20, 5, "B"), "120 stop B"),
                        List.of("A 0-3199"),
                        List.of("40 started A", "120 stopped B", "240 finished A")),
                // stopped, then played again whole: the owner hands back the chunks kept so far, then live ones follow
                Arguments.of("stopped then started again whole",
                        script(every(0, 20, 10, "A"), "90 stop A", "150 whole A", "150 resend A", "200 end A"),
                        List.of("A 0-639", "A 0-3199"),
                        List.of("40 started A", "90 stopped A", "150 started A", "350 finished A")));
    }

    /** Arrivals with no stream started first (each list says how its streams start). */
    private static List<String> lines(Object... parts) {
        List<String> out = new ArrayList<>();
        for (Object p : parts) {
            if (p instanceof List<?> l) {
                l.forEach(x -> out.add((String) x));
            } else {
                out.add((String) p);
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrivals")
    void theSinkReceivesExactlyTheseSamples(String name, List<String> script, List<String> expectedAudio,
                                           List<String> expectedEvents) {
        JitterScript run = new JitterScript();
        run.play(script, 700);
        assertThat(run.sinkRanges()).isEqualTo(expectedAudio);
        assertThat(run.events).isEqualTo(expectedEvents);
        assertThat(run.buffer.isIdle()).isTrue();
    }

    @Test
    void aStreamWithoutItsEndWaitsForMoreAfterPlayingWhatCame() {
        JitterScript run = new JitterScript();
        run.play(script(every(0, 20, 5, "A")), 700);
        assertThat(run.sinkRanges()).containsExactly("A 0-1599");
        assertThat(run.events).containsExactly("40 started A", "150 underrun A");
        assertThat(run.buffer.isIdle()).isFalse();
        assertThat(run.buffer.end(new LiveKey("A", "v-A"))).isTrue();
        assertThat(run.buffer.end(new LiveKey("C", "v-C"))).as("an ordinary message, not a stream").isFalse();
    }

    @Test
    void eachNewStreamIsReportedAsBegunOnceWhenStarted() {
        JitterScript run = new JitterScript();
        run.play(script("0 start A", "30 start B", "30 start B", every(0, 20, 5, "A"), "100 end A",
                "100 abort B"), 200);
        assertThat(run.begun).containsExactly("0 A", "30 B");
    }

    @Test
    void startingAStreamTheBufferHasChangesNothingAndSaysSo() {
        JitterScript run = new JitterScript();
        LiveKey a = new LiveKey("A", "v-A");
        run.play(script(every(0, 20, 3, "A")), 60);
        assertThat(run.buffer.start(a, PcmFormat.VOICE, true)).isFalse();
        assertThat(run.buffer.start(a, PcmFormat.VOICE)).isFalse();
        assertThat(run.buffer.contains(a)).isTrue();
        run.buffer.end(a);
        run.play(List.of(), 200);
        assertThat(run.sinkRanges()).containsExactly("A 0-959");
        assertThat(run.buffer.contains(a)).isFalse();
        assertThat(run.buffer.stop(a)).as("no longer there").isFalse();
        assertThat(run.events).containsExactly("40 started A", "101 finished A");
    }

    @Test
    void chunksOfAStoppedStreamAreIgnored() {
        JitterScript run = new JitterScript();
        run.play(script(every(0, 20, 3, "A"), "70 stop A", every(60, 20, 3, "A"), "200 start B",
                every(200, 0, 3, "B"), "200 end B"), 400);
        assertThat(run.sinkRanges()).containsExactly("A 0-319", "B 20000-20959");
        assertThat(run.events).containsExactly("40 started A", "70 stopped A", "200 started B", "260 finished B");
    }

    @Test
    void abortAllStopsEveryStream() {
        JitterScript run = new JitterScript();
        run.play(script(every(0, 20, 5, "A"), "0 start B", every(0, 20, 5, "B")), 60); // the clock is at 61 after
        run.buffer.abortAll(AbortReason.INTERRUPTED);
        assertThat(run.events).containsExactly("40 started A", "61 aborted A interrupted", "61 aborted B interrupted");
        assertThat(run.buffer.isIdle()).isTrue();
    }
}
