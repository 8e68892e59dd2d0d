package dev.parley.bench;

import dev.parley.bench.LiveSummary.Cpu;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LiveSummaryTest {
    private static final double NOT_MEASURED = Double.NaN;

    @Test
    void parleyIsComparedWithTheReferenceNetOfIdleWhenBothHaveIt() {
        Cpu parley = new Cpu(500, 300);
        Cpu murmur = new Cpu(400, 350);
        // gross, Parley is above murmur; net of idle it is below, and net is what counts
        assertThat(LiveSummary.comparison("murmur", parley, murmur)).isEqualTo("murmur 400 (350), Parley/murmur 0.86x");
        assertThat(LiveSummary.atOrBelow("murmur", parley, murmur)).isEqualTo("<= murmur MET");
    }

    @Test
    void aboveTheReferenceIsNotMetAndEqualIsMet() {
        assertThat(LiveSummary.atOrBelow("murmur", new Cpu(900, 800), new Cpu(500, 400)))
                .isEqualTo("<= murmur NOT MET");
        assertThat(LiveSummary.comparison("murmur", new Cpu(900, 800), new Cpu(500, 400)))
                .isEqualTo("murmur 500 (400), Parley/murmur 2.00x");
        assertThat(LiveSummary.atOrBelow("murmur", new Cpu(500, 400), new Cpu(500, 400))).isEqualTo("<= murmur MET");
    }

    @Test
    void withoutEitherSidesIdleTheGrossFiguresAreComparedAndTheCellSaysSo() {
        Cpu parley = new Cpu(500, NOT_MEASURED);
        Cpu murmur = new Cpu(400, 350);
        assertThat(LiveSummary.comparison("murmur", parley, murmur))
                .isEqualTo("murmur 400 (350), Parley/murmur 1.25x gross");
        assertThat(LiveSummary.atOrBelow("murmur", parley, murmur)).isEqualTo("<= murmur NOT MET");
    }

    @Test
    void aRelayWhoseCpuIsNotVisibleIsNeitherMetNorNotMet() {
        Cpu remote = new Cpu(NOT_MEASURED, NOT_MEASURED);
        assertThat(LiveSummary.atOrBelow("murmur", remote, new Cpu(400, 350))).isEqualTo("<= murmur (not measured)");
        assertThat(LiveSummary.comparison("murmur", remote, new Cpu(400, 350)))
                .isEqualTo("murmur 400 (350), Parley/murmur - gross");
        assertThat(LiveSummary.belowOnePercent(remote)).isEqualTo("< 1 % (not measured)");
    }

    @Test
    void oneStreamWithOneListenerMustStayBelowOnePercentOfACoreNetOfIdle() {
        assertThat(LiveSummary.belowOnePercent(new Cpu(8.8, 7.9))).isEqualTo("< 1 % NOT MET");
        assertThat(LiveSummary.belowOnePercent(new Cpu(1.4, 0.9))).isEqualTo("< 1 % MET");
        assertThat(LiveSummary.belowOnePercent(new Cpu(1.0, NOT_MEASURED))).isEqualTo("< 1 % NOT MET");
    }

    @Test
    void aPhasesFiguresAreItsServersCpuPerListenerSecondAndPercentOfACoreLessItsIdle() {
        // 2 listeners, one message of 50 chunks x 20 ms = 1 s of audio, 20 ms of server CPU over 1 s of wall time,
        // the server idle at 0.5 % of a core
        LiveMessage m = LiveMessage.unstored("m", 50, 20, 79, true);
        LivePhase phase = new LivePhase(2, List.of(m), List.<double[]>of(new double[] {20e6, 1e9}), 0.005,
                Double.NaN, Latencies.histogram(), "", 0, 0, null);
        assertThat(phase.perListenerSecond().gross()).isEqualTo(10_000); // µs: 20 ms / (2 listeners x 1 s)
        assertThat(phase.perListenerSecond().net()).isEqualTo(7_500);    // less 5 ms of idle
        assertThat(phase.corePercent().gross()).isEqualTo(2.0);
        assertThat(phase.corePercent().net()).isCloseTo(1.5, within(1e-9));
    }

    @Test
    void aServerThatStoresNothingHasNoStoredCopiesToCheck() {
        LiveMessage m = LiveMessage.unstored("m", 50, 20, 79, true);
        m.goodCopies.set(100);
        m.starts.set(2);
        LivePhase phase = new LivePhase(2, List.of(m), List.<double[]>of(new double[] {0, 1e9}), 0, 0,
                Latencies.histogram(), "", 0, 0, null);
        assertThat(phase.stores()).isFalse();
        assertThat(phase.everyChunk()).isTrue();
        assertThat(phase.everyStored()).isTrue();
    }

    @Test
    void theBareEngineIsAReferenceOnlyAndMumblesServerTheBar() {
        LivePhase parley = phase(12e6);  // 12 ms of CPU over 1 s of one listener's audio
        LivePhase bare = phase(11e6);
        LivePhase murmur = phase(13e6);
        Report report = new Report();
        LiveSummary.add(report, new LiveSummary.Server("Parley", "epoll", List.of(parley), false),
                List.of(new LiveSummary.Server("bare Netty", "epoll", List.of(bare), false),
                        new LiveSummary.Server("murmur", "murmur 1.3.4", List.of(murmur), true)));
        Report.Row cpu = report.rows().stream().filter(r -> r.figure().startsWith("relay CPU us per listener-second"))
                .findFirst().orElseThrow();
        assertThat(cpu.reference()).contains("Parley/bare Netty 1.09x").contains("Parley/murmur 0.92x");
        assertThat(cpu.target()).isEqualTo("<= murmur MET");
    }

    private static LivePhase phase(double cpuNanos) {
        LiveMessage m = LiveMessage.unstored("m", 50, 20, 79, true);
        return new LivePhase(1, List.of(m), List.<double[]>of(new double[] {cpuNanos, 1e9}), 0, 0,
                Latencies.histogram(), "", 0, 0, null);
    }
}
