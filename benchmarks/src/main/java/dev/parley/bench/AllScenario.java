package dev.parley.bench;

import picocli.CommandLine.Command;

import java.util.List;

/** The standard run: tls, text, voice, durable and connections, each with its defaults, then one summary table. */
@Command(name = "all",
        description = {"tls, text, voice, durable, connections with their defaults (only the common options apply), "
                + "then one summary table; about 4 minutes."})
final class AllScenario extends ScenarioCommand {
    private final List<Scenario> scenarios = List.of(new TlsScenario(), new TextScenario(), new VoiceScenario(),
            new DurableScenario(), new ConnectionsScenario());

    @Override
    public void check(Session session) {
        for (Scenario s : scenarios) {
            s.check(session);
        }
    }

    @Override
    public void run(Session session) throws Exception {
        for (Scenario s : scenarios) {
            s.run(session);
        }
    }
}
