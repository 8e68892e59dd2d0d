package dev.parley.client;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The app's layers, checked on the compiled classes (so fully qualified names cannot slip past, as they could past
 * a text search): no cycles between feature packages; network, discovery and protocol code free of JavaFX; view
 * models and models free of the scene graph, so they are tested without the toolkit.
 */
@AnalyzeClasses(packages = {"dev.parley.client", "dev.parley.protocol"}, importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {
    @ArchTest
    static final ArchRule featurePackagesHaveNoCycles = slices().matching("dev.parley.client.(*)..")
            .should().beFreeOfCycles();

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
