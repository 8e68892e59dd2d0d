package dev.parley.relay.web.browser;

import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Map;

/**
 * One finger on a touch screen, through the DevTools protocol ({@code Input.dispatchTouchEvent}): the page gets
 * real touch and pointer events ({@code pointerType} "touch"), as from a phone's screen.
 */
public final class Touch {
    private final Browser browser;
    private double x;
    private double y;

    public Touch(Browser browser) {
        this.browser = browser;
    }

    /** Puts the finger down on the middle of {@code element}. */
    public void start(WebElement element) {
        Map<String, Object> centre = browser.js("""
                const r = arguments[0].getBoundingClientRect();
                return {x: r.left + r.width / 2, y: r.top + r.height / 2};""", element);
        x = ((Number) centre.get("x")).doubleValue();
        y = ((Number) centre.get("y")).doubleValue();
        dispatch("touchStart", List.of(point()));
    }

    /** Slides the finger to ({@code toX}, {@code toY}), in CSS pixels of the viewport. */
    public void moveTo(double toX, double toY) {
        x = toX;
        y = toY;
        dispatch("touchMove", List.of(point()));
    }

    /** Lifts the finger. */
    public void end() {
        dispatch("touchEnd", List.of());
    }

    private Map<String, Object> point() {
        return Map.of("x", x, "y", y, "id", 1, "radiusX", 4, "radiusY", 4, "force", 1);
    }

    private void dispatch(String type, List<Map<String, Object>> points) {
        browser.cdp("Input.dispatchTouchEvent", Map.of("type", type, "touchPoints", points));
    }
}
