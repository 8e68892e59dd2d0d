package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/** A voice message: play/pause, waveform (coloured as it plays), duration, unplayed dot, save. */
final class VoiceCard extends HBox {
    private static final int BARS = ClipData.PEAKS;
    private static final double BAR_HEIGHT = 28;

    VoiceCard(TimelineItem item, Messages messages, Consumer<TimelineItem> toggle, Consumer<TimelineItem> save) {
        super(8);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("voice-card");

        Button play = new Button();
        play.getStyleClass().addAll("play-button", "button-circle");
        play.setAccessibleText(messages.get("voice.play"));
        Runnable icon = () -> play.setGraphic(Icons.of(item.playingProperty().get() ? Feather.PAUSE : Feather.PLAY));
        icon.run();
        item.playingProperty().addListener((o, a, b) -> icon.run());
        play.setTooltip(new Tooltip(messages.get("voice.play")));
        play.setOnAction(e -> toggle.accept(item));

        HBox wave = new HBox(2);
        wave.setAlignment(Pos.CENTER_LEFT);
        wave.getStyleClass().add("waveform");
        float[] peaks = item.clip().peaks();
        Rectangle[] bars = new Rectangle[BARS];
        for (int i = 0; i < BARS; i++) {
            bars[i] = new Rectangle(3, Math.max(2, peaks[i] * BAR_HEIGHT));
            bars[i].getStyleClass().add("waveform-bar");
            wave.getChildren().add(bars[i]);
        }
        item.progressProperty().addListener((o, a, p) -> {
            for (int i = 0; i < BARS; i++) {
                boolean played = (i + 0.5) / BARS <= p.doubleValue();
                if (played != bars[i].getStyleClass().contains("played")) {
                    if (played) {
                        bars[i].getStyleClass().add("played");
                    } else {
                        bars[i].getStyleClass().remove("played");
                    }
                }
            }
        });

        Label duration = new Label(TimeText.duration(item.durationMs()));
        duration.getStyleClass().add("meta");
        Circle dot = new Circle(4);
        dot.getStyleClass().add("unplayed-dot");
        dot.visibleProperty().bind(item.playedProperty().not());
        Tooltip.install(dot, new Tooltip(messages.get("voice.unplayed")));

        Button saveButton = new Button(null, Icons.of(Feather.DOWNLOAD));
        saveButton.getStyleClass().addAll("flat", "save-button");
        saveButton.setTooltip(new Tooltip(messages.get("voice.save")));
        saveButton.setAccessibleText(messages.get("voice.save"));
        saveButton.setOnAction(e -> save.accept(item));

        getChildren().addAll(play, wave, duration, dot, saveButton);
    }
}
