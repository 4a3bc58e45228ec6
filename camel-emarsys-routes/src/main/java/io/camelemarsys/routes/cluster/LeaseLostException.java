package io.camelemarsys.routes.cluster;

import java.sql.SQLException;

/**
 * This instance no longer holds a lease it led with (another instance took it over, or it expired): whatever it was
 * about to write must not be written.
 */
public final class LeaseLostException extends SQLException {

    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }
}
