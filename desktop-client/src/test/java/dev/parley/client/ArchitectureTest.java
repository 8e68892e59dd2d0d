package dev.parley.client;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The app's layers, checked on the compiled classes (so fully qualified names cannot slip past, as they could past
 * a text search): no cycles between feature packages and the root package that wires them; network, discovery and protocol code free of JavaFX; view
 * models and models free of the scene graph, so they are tested without the toolkit.
 */
@AnalyzeClasses(packages = {"dev.parley.client", "dev.parley.protocol"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    /** Each package under {@code dev.parley.client} with its subpackages is a slice, and so is the root package itself. */
    private static final SliceAssignment APP_PACKAGES = new SliceAssignment() {
        private static final String ROOT = "dev.parley.client";

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

    /** The root package wires the features; none of them may depend on it (or on each other in a circle). */
    @ArchTest
    static final ArchRule featurePackagesAndTheRootHaveNoCycles = slices().assignedFrom(APP_PACKAGES)
            .should().beFreeOfCycles();

    /** The sound port is what chat, settings and audio share: it depends on no other part of the app. */
    @ArchTest
    static final ArchRule theSoundPortDependsOnNoOtherPartOfTheApp = noClasses()
            .that().resideInAPackage("dev.parley.client.sound..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.parley.client.chat..", "dev.parley.client.audio..",
                    "dev.parley.client.settings..", "dev.parley.client.ui..", "dev.parley.client.net..",
                    "dev.parley.client.live..", "dev.parley.client.connect..", "javafx..");

    /** Devices and settings are below the chat screens, never the other way round. */
    @ArchTest
    static final ArchRule audioAndSettingsDoNotDependOnChat = noClasses()
            .that().resideInAnyPackage("dev.parley.client.audio..", "dev.parley.client.settings..")
            .should().dependOnClassesThat().resideInAPackage("dev.parley.client.chat..");

    /** Live voice is sound and network plumbing: no screens, no chat model. */
    @ArchTest
    static final ArchRule liveVoiceUsesNoJavaFxAndNoChat = noClasses()
            .that().resideInAPackage("dev.parley.client.live..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "dev.parley.client.chat..",
                    "dev.parley.client.audio..");

    /** What differs between two windows or two tests (language, devices, clocks) is passed in, never a static. */
    @ArchTest
    static final ArchRule noMutableStaticState = noFields()
            .that().areDeclaredInClassesThat().resideInAPackage("dev.parley.client..")
            .and().areStatic()
            .should().notBeFinal();

    /**
     * The connect screen's and the settings' view models cross to the FX thread only through the door
     * ({@code UiThread}) and do background work through {@code Tasks}: never an executor or {@code Platform.runLater}.
     */
    @ArchTest
    static final ArchRule viewModelsUseTheDoorNotExecutors = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .and().resideInAnyPackage("dev.parley.client.connect..", "dev.parley.client.settings..")
            .should().dependOnClassesThat().areAssignableTo(java.util.concurrent.Executor.class)
            .orShould().dependOnClassesThat().belongToAnyOf(javafx.application.Platform.class);

    @ArchTest
    static final ArchRule networkAndDiscoveryUseNoJavaFx = noClasses()
            .that().resideInAnyPackage("dev.parley.client.net..", "dev.parley.client.discovery..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..");

    @ArchTest
    static final ArchRule protocolUsesNeitherJavaFxNorTheWebSocketLibrary = noClasses()
            .that().resideInAPackage("dev.parley.protocol..")
            .should().dependOnClassesThat().resideInAnyPackage("javafx..", "org.java_websocket..");

    @ArchTest
    static final ArchRule viewModelsAndModelsUseNoSceneGraph = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .or().haveSimpleNameEndingWith("Model")
            .or().haveSimpleNameEndingWith("Words")
            .or().haveSimpleNameEndingWith("Sender")
            .or().haveSimpleNameEndingWith("Stamps")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..");
}
