package dev.parley.relay.cli;

import dev.parley.relay.RateLimits;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/** The configuration the command line builds, before anything starts. */
class RelayCommandTest {
    private static RateLimits rates(String... args) {
        RelayCommand command = new RelayCommand();
        new CommandLine(command).parseArgs(args);
        return command.config().rateLimits();
    }

    @Test
    void theDefaultVoiceBurstIsTheLibraryDefaultAndWithinTheSlowConsumerBound() {
        assertThat(rates()).isEqualTo(RateLimits.DEFAULTS);
        assertThat(rates().voiceBurstBytes()).isEqualTo(32L << 20);
    }

    @Test
    void theVoiceBurstFollowsTheFlagsButNeverPassesTheBoundNorFallsBelowOneClip() {
        assertThat(rates("--rate-voice-bytes", "1000000").voiceBurstBytes()).isEqualTo(16L << 20); // one largest clip
        assertThat(rates("--max-buffered-bytes", "20000000", "--max-clip-bytes", "4000000").voiceBurstBytes())
                .isEqualTo(20_000_000L);
        assertThat(rates("--rate-voice-bytes", "2000000", "--max-clip-bytes", "1000000").voiceBurstBytes())
                .isEqualTo(8_000_000L);
    }
}
