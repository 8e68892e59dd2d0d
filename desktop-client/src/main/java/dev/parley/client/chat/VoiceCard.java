package dev.parley.client.chat;

import dev.parley.client.ui.common.Icons;
import dev.parley.client.ui.common.Messages;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Rectangle;
import org.kordamp.ikonli.feather.Feather;

import java.util.function.Consumer;

/**
 * A voice message: play/pause, waveform (coloured as it plays), duration, unplayed dot, playback speed ("1×",
 * stepping to 1.5× and 2×, for every clip), save. Built once per timeline cell and {@linkplain #show shown} with
 * whichever item the cell holds.
 */
final class VoiceCard extends HBox {
    private static final int BARS = ClipData.PEAKS;
    private static final double BAR_HEIGHT = 28;

    private final Button play = new Button();
    private final Rectangle[] bars = new Rectangle[BARS];
    private final Label duration = new Label();
    private final Circle dot = new Circle(4);
    private final Button speedButton = new Button();
    private final Button saveButton = new Button();
    private final Label badge = new Label();
    private final Messages messages;
    private final Watches watches = new Watches();
    private TimelineItem item;

    VoiceCard(Messages messages, PlaybackViewModel playback, Consumer<TimelineItem> save) {
        super(8);
        this.messages = messages;
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("voice-card");

        play.getStyleClass().addAll("play-button", "button-circle");
        play.setAccessibleText(messages.get("voice.play"));
        play.setTooltip(new Tooltip(messages.get("voice.play")));
        play.setOnAction(e -> playback.toggle(item));

        HBox wave = new HBox(2);
        wave.setAlignment(Pos.CENTER_LEFT);
        wave.getStyleClass().add("waveform");
        for (int i = 0; i < BARS; i++) {
            bars[i] = new Rectangle(3, 2);
            bars[i].getStyleClass().add("waveform-bar");
            wave.getChildren().add(bars[i]);
        }

        duration.getStyleClass().add("meta");
        dot.getStyleClass().add("unplayed-dot");
        Tooltip.install(dot, new Tooltip(messages.get("voice.unplayed")));

        saveButton.setGraphic(Icons.of(Feather.DOWNLOAD));
        saveButton.getStyleClass().addAll("flat", "save-button");
        saveButton.setTooltip(new Tooltip(messages.get("voice.save")));
        saveButton.setAccessibleText(messages.get("voice.save"));
        saveButton.setOnAction(e -> save.accept(item));

        speedButton.getStyleClass().addAll("flat", "speed-button");
        speedButton.textProperty().bind(Bindings.createStringBinding(
                () -> PlaybackViewModel.speedText(playback.speedProperty().get()), playback.speedProperty()));
        speedButton.setTooltip(new Tooltip(messages.get("voice.speed")));
        speedButton.setAccessibleText(messages.get("voice.speed"));
        speedButton.setFocusTraversable(false);
        speedButton.setOnAction(e -> playback.nextSpeed());

        badge.getStyleClass().add("live-badge");
        badge.managedProperty().bind(badge.visibleProperty());
        speedButton.managedProperty().bind(speedButton.visibleProperty());
        saveButton.managedProperty().bind(saveButton.visibleProperty());

        getChildren().addAll(play, wave, duration, badge, dot, speedButton, saveButton);
    }

    /** Shows {@code shown} (a voice item), following its playing state and progress. */
    void show(TimelineItem shown) {
        watches.clear();
        item = shown;
        LiveMessage live = shown.live();
        boolean stored = live == null;
        speedButton.setVisible(stored);
        saveButton.setVisible(stored);
        badge.setVisible(!stored);
        badge.setId(stored ? null : "liveBadge"); // only the live card's badge is there to find
        play.setDisable(false);
        if (stored) {
            drawBars(shown.clip().peaks());
            duration.setText(TimeText.duration(shown.durationMs()));
            followPlayback(shown);
        } else {
            showLive(live);
        }
        // a stopped live card cannot be played: no "not played yet" dot on it
        Runnable unplayed = () -> dot.setVisible(!shown.playedProperty().get() && !shown.undelivered());
        watches.watch(shown.playedProperty(), unplayed);
        if (live != null) {
            watches.watch(live.stoppedProperty(), unplayed);
        }
    }

    /** A stored clip: the button shows play or pause, the waveform colours as it plays. */
    private void followPlayback(TimelineItem shown) {
        watches.watch(shown.playingProperty(),
                () -> play.setGraphic(Icons.of(shown.playingProperty().get() ? Feather.PAUSE : Feather.PLAY)));
        watches.watch(shown.progressProperty(), () -> colour(shown.progressProperty().get()));
    }

    /**
     * A message being spoken: the waveform fills as it comes and the badge says it is live; once stopped, the badge
     * goes and the card can no longer be played (the line under it says why).
     */
    private void showLive(LiveMessage live) {
        colour(0);
        watches.watch(live.changesProperty(), () -> {
            drawBars(live.bars(BARS));
            duration.setText(TimeText.duration(live.millisProperty().get()));
        });
        watches.watch(live.heardProperty(),
                () -> play.setGraphic(Icons.of(live.heardProperty().get() ? Feather.SQUARE : Feather.PLAY)));
        badge.setText(messages.get("voice.live"));
        watches.watch(live.stoppedProperty(), () -> {
            boolean stopped = live.stoppedProperty().get() != null;
            badge.setVisible(!stopped);
            play.setDisable(stopped);
        });
    }

    private void drawBars(float[] peaks) {
        for (int i = 0; i < BARS; i++) {
            bars[i].setHeight(Math.max(2, (i < peaks.length ? peaks[i] : 0) * BAR_HEIGHT));
        }
    }

    private void colour(double progress) {
        for (int i = 0; i < BARS; i++) {
            boolean played = (i + 0.5) / BARS <= progress;
            if (played != bars[i].getStyleClass().contains("played")) {
                if (played) {
                    bars[i].getStyleClass().add("played");
                } else {
                    bars[i].getStyleClass().remove("played");
                }
            }
        }
    }

    /** Lets go of the item shown. */
    void clear() {
        watches.clear();
        item = null;
    }
}
