package dev.parley.client.chat;

import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

import java.util.ArrayList;
import java.util.List;

/**
 * The listeners a reused cell puts on the item it shows, removed together when it shows another: so an item never
 * holds on to a cell's nodes, and a long timeline keeps only the nodes of the rows on screen.
 */
final class Watches {
    private final List<Runnable> removers = new ArrayList<>();

    /** Calls {@code onChange} now and whenever {@code value} changes, until {@link #clear()}. */
    <T> void watch(ObservableValue<T> value, Runnable onChange) {
        ChangeListener<T> listener = (o, a, b) -> onChange.run();
        value.addListener(listener);
        removers.add(() -> value.removeListener(listener));
        onChange.run();
    }

    /** Calls {@code onChange} now and whenever {@code list} changes, until {@link #clear()}. */
    <T> void watch(ObservableList<T> list, Runnable onChange) {
        ListChangeListener<T> listener = c -> onChange.run();
        list.addListener(listener);
        removers.add(() -> list.removeListener(listener));
        onChange.run();
    }

    void clear() {
        removers.forEach(Runnable::run);
        removers.clear();
    }
}
