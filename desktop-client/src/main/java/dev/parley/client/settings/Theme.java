package dev.parley.client.settings;

/** Light or dark look. */
public enum Theme {
    LIGHT, DARK
}
