package dev.parley.client.connect;

import dev.parley.client.discovery.FoundRelay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.layout.VBox;

/** One relay found on the network: its name, and under it the address and people online. */
final class FoundRelayCell extends ListCell<FoundRelay> {
    private final FoundRelaysViewModel vm;
    private final Label name = new Label();
    private final Label detail = new Label();
    private final VBox box = new VBox(1, name, detail);

    FoundRelayCell(FoundRelaysViewModel vm) {
        this.vm = vm;
        name.getStyleClass().add("found-relay-name");
        detail.getStyleClass().add("hint");
        box.getStyleClass().add("found-relay");
        setPrefWidth(0); // as wide as the list: long lines end in "…" instead of scrolling sideways
    }

    @Override
    protected void updateItem(FoundRelay relay, boolean empty) {
        super.updateItem(relay, empty);
        if (empty || relay == null) {
            setGraphic(null);
            setText(null);
            return;
        }
        name.setText(relay.name());
        detail.setText(vm.detail(relay));
        setGraphic(box);
    }
}
