package io.camelemarsys.simulator.model;

/**
 * One contact. Immutable: a write replaces the whole record, so readers (exports streaming a million rows) never
 * need a lock. {@code values} is indexed by {@link Field#slot()}; a slot past its end is an empty field.
 */
public record Contact(long id, String uid, Object[] values) {

    public Object value(Field field) {
        int slot = field.slot();
        return slot < values.length ? values[slot] : null;
    }
}
