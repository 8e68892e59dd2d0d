package dev.parley.client.connect;

import dev.parley.client.discovery.FoundEntry;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;

import java.util.stream.Collectors;

/**
 * One row of the relays found on the network: a relay's name, and under it its address and people online; or a
 * cluster's name, how many of its relays answer and the people online, its relays' names and addresses in a tooltip.
 */
final class FoundRelayCell extends ListCell<FoundEntry> {
    private final FoundRelaysViewModel vm;
    private final Label name = new Label();
    private final Label detail = new Label();
    private final VBox box = new VBox(1, name, detail);
    private final Tooltip members = new Tooltip();

    FoundRelayCell(FoundRelaysViewModel vm) {
        this.vm = vm;
        name.getStyleClass().add("found-relay-name");
        detail.getStyleClass().add("hint");
        box.getStyleClass().add("found-relay");
        setPrefWidth(0); // as wide as the list: long lines end in "…" instead of scrolling sideways
    }

    @Override
    protected void updateItem(FoundEntry entry, boolean empty) {
        super.updateItem(entry, empty);
        if (empty || entry == null) {
            setGraphic(null);
            setText(null);
            setTooltip(null);
            return;
        }
        name.setText(vm.title(entry));
        detail.setText(vm.detail(entry));
        if (entry.cluster()) {
            members.setText(entry.relays().stream().map(r -> r.name() + " — " + r.address())
                    .collect(Collectors.joining("\n")));
            setTooltip(members);
        } else {
            setTooltip(null);
        }
        setGraphic(box);
    }
}
