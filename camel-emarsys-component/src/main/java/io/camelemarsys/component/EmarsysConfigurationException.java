package io.camelemarsys.component;

/**
 * An option of the endpoint is wrong (for example a keyField that names no field), not the message: every message
 * would fail the same way, so a route should stop and be fixed rather than set the message aside. Raised before any
 * call; the message names the option, the value and the fix.
 */
public class EmarsysConfigurationException extends EmarsysInputException {

    public EmarsysConfigurationException(String message) {
        super(message);
    }
}
