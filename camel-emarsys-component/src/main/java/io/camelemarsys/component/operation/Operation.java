package io.camelemarsys.component.operation;

import org.apache.camel.Exchange;

/** One Emarsys operation: reads the message body and headers, calls Emarsys, writes the result to the message. */
@FunctionalInterface
public interface Operation {
    void execute(Exchange exchange) throws Exception;
}
