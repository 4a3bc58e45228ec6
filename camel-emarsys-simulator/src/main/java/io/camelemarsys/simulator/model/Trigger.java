package io.camelemarsys.simulator.model;

import java.time.Instant;

/** One accepted event trigger for one contact, as the control API reports it. */
public record Trigger(long eventId, long contactId, String externalId, String triggerId, String eventTime,
                      String data, Instant receivedAt) {
}
