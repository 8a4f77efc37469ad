package io.vipwarden.lab.scenario;

/** One asserted fact of a scenario run and whether it held. */
public record Check(String description, boolean passed, String detail) {
}
