package dev.parley.client.chat;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The chat model, its parts and the event door hold state and rules only: no scene graph, no FX application thread
 * calls, so they are tested without the toolkit (the door reaches the FX thread through the {@code UiThread} port).
 */
@AnalyzeClasses(packages = "dev.parley.client.chat", importOptions = ImportOption.DoNotIncludeTests.class)
class ChatModelLayersTest {
    @ArchTest
    static final ArchRule theChatModelItsPartsAndTheDoorUseNoSceneGraph = noClasses()
            .that().belongToAnyOf(ChatModel.class, Timeline.class, PendingMessages.class, LiveCards.class, Roster.class,
                    Paging.class, RoomStatus.class, TimelineItem.class, LiveMessage.class, Member.class,
                    PlayedClips.class, Receipts.class, ReceiptWords.class, PlayedReceiptSender.class, ChatEvents.class, Stamps.class, Words.class)
            .should().dependOnClassesThat()
            .resideInAnyPackage("javafx.scene..", "javafx.stage..", "javafx.application..");
}
