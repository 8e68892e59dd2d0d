package dev.parley.client.ui.common;

import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.layout.Region;
import org.controlsfx.validation.ValidationMessage;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;
import org.controlsfx.validation.decoration.ValidationDecoration;

/** Shows a view model's validation message under a field and as a ControlsFX decoration on it. */
public final class FieldErrors {
    private static final ValidationDecoration DECORATION = new GraphicValidationDecoration();

    private FieldErrors() {
    }

    /** A label under {@code field} that shows {@code error}, and the field's decoration, both kept in step. */
    public static Label under(Control field, ObservableStringValue error, String id) {
        Label label = new Label();
        label.setId(id);
        label.getStyleClass().add("field-error");
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE); // every line of it, never cut with "…"
        label.textProperty().bind(error);
        label.visibleProperty().bind(label.textProperty().isNotEmpty());
        label.managedProperty().bind(label.visibleProperty());
        error.addListener((o, a, text) -> {
            DECORATION.removeDecorations(field);
            if (text != null && !text.isEmpty()) {
                DECORATION.applyValidationDecoration(ValidationMessage.error(field, text));
            }
        });
        return label;
    }
}
