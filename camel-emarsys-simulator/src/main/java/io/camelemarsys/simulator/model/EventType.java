package io.camelemarsys.simulator.model;

/** An external event that programs can be triggered by. */
public record EventType(long id, String name, String created) {
}
