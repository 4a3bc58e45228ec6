package io.camelemarsys.component.operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.internal.EmarsysField;
import io.camelemarsys.component.internal.Envelope;

/**
 * field/choices: the options of single- and multi-choice fields in the language (header or option). The fields come
 * from the body (a field id or name, or a Collection of them), else the CamelEmarsysFields header or fields option; the result maps each field, keyed as
 * it was asked for, to a List of {@code {id, choice}}.
 */
public final class FieldChoices implements Operation {

    private final OperationContext context;

    public FieldChoices(OperationContext context) {
        this.context = context;
    }

    @Override
    public void execute(Exchange exchange) throws Exception {
        List<String> names = new ArrayList<>();
        if (exchange.getMessage().getBody() != null) {
            names.addAll(BodyItems.texts(exchange, "field/choices", "a field id or name, or a Collection of them"));
        } else {
            names.addAll(context.fieldNames(exchange));
        }
        if (names.isEmpty()) {
            throw new EmarsysInputException("field/choices: name the fields in the body or the fields option, "
                    + "for example fields=gender,Preferred channels");
        }
        String language = context.language(exchange);
        Map<String, Object> result = new LinkedHashMap<>();
        for (String name : names) {
            EmarsysField field = context.fields(exchange).resolve(name);
            if (!field.hasChoices()) {
                throw new EmarsysInputException("field/choices: field " + field.id() + " (" + field.name() + ") is a "
                        + field.type() + " field and has no choices");
            }
            Envelope reply = context.client().call("GET",
                    "/field/" + field.id() + "/choice/translate/" + language, null);
            OperationContext.replyHeaders(exchange, reply);
            List<Map<String, Object>> choices = new ArrayList<>();
            reply.data().forEach(choice -> {
                Map<String, Object> map = new LinkedHashMap<>();
                map.put("id", choice.path("id").asText());
                map.put("choice", choice.path("choice").asText());
                choices.add(map);
            });
            result.put(name, choices);
        }
        exchange.getMessage().setBody(result);
    }
}
