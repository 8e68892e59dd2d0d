package dev.parley.client.chat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import javafx.application.Platform;

import java.util.Set;
import java.util.concurrent.Executor;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The voice view models and their parts hand work to other threads only through {@code ui/common} (the
 * {@code UiThread} door and {@code Tasks}): never an executor or {@link Platform#runLater} of their own.
 */
@AnalyzeClasses(packages = "dev.parley.client.chat", importOptions = ImportOption.DoNotIncludeTests.class)
class VoiceThreadsArchitectureTest {
    private static final Set<String> VOICE = Set.of("PlaybackViewModel", "PushToTalkViewModel", "SpeakerQueue",
            "ClipPlayer", "ClipSaver", "PlaybackSpeed", "MicrophoneTake", "ReleaseTail", "SendPolicy",
            "RecordingOutcomes", "ClipCache", "ClipData");

    private static final DescribedPredicate<JavaClass> VOICE_CLASSES = new DescribedPredicate<>("the voice classes") {
        @Override
        public boolean test(JavaClass c) {
            String top = c.getName().substring(c.getPackageName().length() + 1).split("\\$")[0];
            return VOICE.contains(top);
        }
    };

    private static final DescribedPredicate<JavaMethodCall> ON_AN_EXECUTOR = new DescribedPredicate<>(
            "a method of an executor") {
        @Override
        public boolean test(JavaMethodCall call) {
            return call.getTargetOwner().isAssignableTo(Executor.class);
        }
    };

    @ArchTest
    static final ArchRule voiceClassesHandWorkOverOnlyThroughTheDoors = noClasses().that(VOICE_CLASSES)
            .should().callMethodWhere(ON_AN_EXECUTOR)
            .orShould().callMethod(Platform.class, "runLater", Runnable.class);
}
