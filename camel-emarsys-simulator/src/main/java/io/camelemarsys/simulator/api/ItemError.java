package io.camelemarsys.simulator.api;

/** Why one item of a batch was refused; the batch itself still answers HTTP 200. */
final class ItemError extends RuntimeException {

    private final int code;

    ItemError(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }

    static ItemError notFound(String keyLabel, String value) {
        return new ItemError(2008, "No contact found with the external id: " + keyLabel + " - " + value);
    }

    static ItemError ambiguous(String keyLabel, String value) {
        return new ItemError(2010, "More contacts found with the external id: " + keyLabel + " - " + value);
    }
}
