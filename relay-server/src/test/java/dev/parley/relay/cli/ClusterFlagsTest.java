package dev.parley.relay.cli;

import dev.parley.relay.ClusterOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code --cluster} and {@code --cluster-name}: what they configure, and one clear line with exit 2 when wrong. */
class ClusterFlagsTest {
    @TempDir
    Path dataDir;

    private static ClusterOptions cluster(String... args) {
        RelayCommand command = new RelayCommand();
        new CommandLine(command).parseArgs(args);
        return command.config().cluster();
    }

    @Test
    void withoutTheFlagTheRelayIsOnItsOwn() {
        assertThat(cluster()).isNull();
    }

    @Test
    void theFlagsGiveServersAndName() {
        ClusterOptions c = cluster("--cluster", "nats://10.0.0.5:4222,nats://u:p@10.0.0.6", "--cluster-name", "plant-2");
        assertThat(c.hostPorts()).isEqualTo("10.0.0.5:4222,10.0.0.6:4222");
        assertThat(c.name()).isEqualTo("plant-2");
        assertThat(cluster("--cluster", "nats://h:1").name()).isEqualTo("parley");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "--cluster",
            "--cluster=",
            "--cluster 10.0.0.5:4222",
            "--cluster http://10.0.0.5:4222",
            "--cluster nats://10.0.0.5:99999",
            "--cluster nats://10.0.0.5:4222,",
            "--cluster nats://10.0.0.5:4222/x",
            "--cluster nats://user:Hunter2-secret@10.0.0.5:0",
            "--cluster-name plant",
            "--cluster nats://h:1 --cluster-name",
            "--cluster nats://h:1 --cluster-name a.b",
            "--cluster nats://h:1 --cluster-name x123456789012345678901234567890123",
            "--cluster nats://h:1 --cluster-name=*"
    })
    void aBadClusterFlagExitsTwoWithOneLineAndNoSecret(String line) {
        List<String> args = new ArrayList<>(List.of("--data", dataDir.toString(), "--bind", "127.0.0.1", "--port", "0",
                "--no-warmup", "--no-qr"));
        args.addAll(List.of(line.split(" ")));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = RelayMain.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isEqualTo(2);
        String e = err.toString().strip();
        assertThat(e).isNotEmpty().doesNotContain("\n").doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("Hunter2-secret");
        assertThat(e).containsAnyOf("--cluster", "cluster");
        assertThat(out.toString()).as("nothing started").doesNotContain("listening");
    }

    @Test
    void helpExplainsBothFlags() {
        StringWriter out = new StringWriter();
        RelayMain.run(new String[] {"--help"}, new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        String help = out.toString().replaceAll("\\s+", " ");
        assertThat(help).contains("--cluster=").contains("--cluster-name=NAME").contains("are never logged")
                .contains("(default: parley)");
    }
}
