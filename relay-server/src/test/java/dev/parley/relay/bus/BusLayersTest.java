package dev.parley.relay.bus;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The cluster bus's place among the relay's layers, checked on its compiled classes: only {@code bus.nats} speaks
 * NATS, and the bus knows nothing of the relay around it (logic, storage, edge, metrics, start-up), so the core can
 * depend on {@link ClusterBus} and not the other way round.
 */
class BusLayersTest {
    private static JavaClasses relay;

    @BeforeAll
    static void importRelay() {
        relay = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parley.relay");
    }

    @Test
    void onlyTheNatsBusSpeaksNats() {
        noClasses().that().resideOutsideOfPackage("dev.parley.relay.bus.nats..")
                .should().dependOnClassesThat().resideInAPackage("io.nats..")
                .check(relay);
    }

    @Test
    void theBusKnowsNothingOfTheRelayAroundIt() {
        noClasses().that().resideInAPackage("dev.parley.relay.bus..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.parley.relay.core..",
                        "dev.parley.relay.store..", "dev.parley.relay.net..", "dev.parley.relay.server..",
                        "dev.parley.relay.cli..", "dev.parley.relay.metrics..", "dev.parley.relay.web..",
                        "dev.parley.relay.tls..", "dev.parley.relay.discovery..", "io.netty..", "io.micrometer..")
                .check(relay);
    }

    @Test
    void theBusInterfaceNamesNoTransport() {
        noClasses().that().resideInAPackage("dev.parley.relay.bus")
                .should().dependOnClassesThat().resideInAPackage("dev.parley.relay.bus.nats..")
                .check(relay);
    }
}
