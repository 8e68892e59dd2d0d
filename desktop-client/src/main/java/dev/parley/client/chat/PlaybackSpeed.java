package dev.parley.client.chat;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;

import java.util.Locale;
import java.util.function.DoubleConsumer;

/** The playback speed chosen among the speeds offered: steps through them, and anything else set becomes the nearest. */
final class PlaybackSpeed {
    /** The speeds offered, in the order the speed button steps through them. */
    static final double[] SPEEDS = {1, 1.5, 2};

    private final DoubleProperty speed = new SimpleDoubleProperty(1);

    /** @param changed hears every change, always to one of {@link #SPEEDS} */
    PlaybackSpeed(DoubleConsumer changed) {
        speed.addListener((o, was, now) -> {
            double nearest = nearest(now.doubleValue());
            if (nearest != now.doubleValue()) {
                speed.set(nearest); // comes back here with an offered speed
            } else {
                changed.accept(nearest);
            }
        });
    }

    DoubleProperty property() {
        return speed;
    }

    double get() {
        return speed.get();
    }

    /** Steps to the next of {@link #SPEEDS}, after the last back to the first (1x, 1.5x, 2x, 1x...). */
    void next() {
        for (int i = 0; i < SPEEDS.length; i++) {
            if (SPEEDS[i] == speed.get()) {
                speed.set(SPEEDS[(i + 1) % SPEEDS.length]);
                return;
            }
        }
        speed.set(SPEEDS[0]);
    }

    /** A speed as the button shows it: "1×", "1.5×", "2×". */
    static String text(double value) {
        return (value == Math.rint(value) ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, "%s", value)) + "\u00d7";
    }

    private static double nearest(double value) {
        double nearest = SPEEDS[0];
        for (double s : SPEEDS) {
            if (Math.abs(s - value) < Math.abs(nearest - value)) {
                nearest = s;
            }
        }
        return nearest;
    }
}
