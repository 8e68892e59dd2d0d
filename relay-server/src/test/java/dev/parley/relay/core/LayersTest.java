package dev.parley.relay.core;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The relay's layers, checked on its compiled classes: the logic and the storage know nothing of sockets, Netty or
 * TLS; the storage knows nothing of the logic; the network edge is the only place that speaks Netty; the
 * configuration in the root package knows nothing of the rest; no package cycles, the root package included.
 * Java-WebSocket is the tests' client only: no relay class uses it. Metrics: only the metrics package speaks
 * Micrometer or Prometheus, and it knows only the events it counts ({@code RelayEvents}, in the root package); the
 * logic, the storage and the edge report through those events and know nothing of the metrics package.
 */
class LayersTest {
    private static JavaClasses relay;

    @BeforeAll
    static void importRelay() {
        relay = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.parley.relay");
    }

    @Test
    void relayLogicDoesNotTouchSockets() {
        noClasses().that().resideInAPackage("dev.parley.relay.core..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.java_websocket..", "java.net..",
                        "javax.net..", "dev.parley.relay.net..", "dev.parley.relay.tls..", "dev.parley.relay.cli..",
                        "dev.parley.relay.discovery..", "dev.parley.relay.metrics..", "io.micrometer..",
                        "io.prometheus..")
                .check(relay);
    }

    @Test
    void storageKnowsNeitherSocketsNorRelayLogic() {
        noClasses().that().resideInAPackage("dev.parley.relay.store..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "org.java_websocket..",
                        "dev.parley.relay.core..", "dev.parley.relay.net..", "dev.parley.relay.metrics..",
                        "io.micrometer..", "io.prometheus..")
                .check(relay);
    }

    @Test
    void onlyTheMetricsPackageSpeaksMicrometer() {
        noClasses().that().resideOutsideOfPackage("dev.parley.relay.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(relay);
    }

    @Test
    void theMetricsKnowOnlyTheEventsTheyCount() {
        noClasses().that().resideInAPackage("dev.parley.relay.metrics..")
                .should().dependOnClassesThat().resideInAnyPackage("io.netty..", "java.net..", "java.sql..",
                        "dev.parley.relay.core..", "dev.parley.relay.store..", "dev.parley.relay.net..",
                        "dev.parley.relay.server..", "dev.parley.relay.cli..", "dev.parley.relay.tls..",
                        "dev.parley.relay.web..", "dev.parley.relay.discovery..")
                .check(relay);
    }

    @Test
    void theLogicStorageAndEdgeReportThroughEventsNotTheMetricsPackage() {
        noClasses().that().resideInAnyPackage("dev.parley.relay.core..", "dev.parley.relay.store..",
                        "dev.parley.relay.net..", "dev.parley.relay.web..", "dev.parley.relay.tls..")
                .should().dependOnClassesThat().resideInAPackage("dev.parley.relay.metrics..")
                .check(relay);
    }

    @Test
    void onlyTheNetworkEdgeAndTlsSetupSpeakNetty() {
        noClasses().that().resideOutsideOfPackages("dev.parley.relay.net..", "dev.parley.relay.tls..")
                .and().doNotHaveFullyQualifiedName("dev.parley.relay.server.ParleyRelay")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(relay);
    }

    @Test
    void onlyThePostgresStoreSpeaksPostgresFlywayAndHikari() {
        noClasses().that().resideOutsideOfPackage("dev.parley.relay.store.postgres..")
                .should().dependOnClassesThat().resideInAnyPackage("org.postgresql..", "org.flywaydb..", "com.zaxxer..")
                .check(relay);
    }

    @Test
    void noRelayClassUsesJavaWebSocket() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.java_websocket..").check(relay);
    }

    @Test
    void theConfigurationInTheRootPackageUsesNoOtherRelayPackage() {
        noClasses().that().resideInAPackage("dev.parley.relay")
                .should().dependOnClassesThat().resideInAPackage("dev.parley.relay.*..")
                .check(relay);
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().assignedFrom(RELAY_PACKAGES).should().beFreeOfCycles().check(relay);
    }

    /** Each package under {@code dev.parley.relay} with its subpackages is a slice, and so is the root package itself. */
    private static final SliceAssignment RELAY_PACKAGES = new SliceAssignment() {
        private static final String ROOT = "dev.parley.relay";

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String p = c.getPackageName();
            if (p.equals(ROOT)) {
                return SliceIdentifier.of(ROOT);
            }
            if (p.startsWith(ROOT + ".")) {
                return SliceIdentifier.of(ROOT + "." + p.substring(ROOT.length() + 1).split("\\.")[0]);
            }
            return SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return ROOT + " and each package under it";
        }
    };
}
