package io.camelemarsys.routes.bot;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.camel.Exchange;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;

/**
 * The bot API's query values as the emarsys component's per-message headers: each value is data, checked here and
 * never pasted into an endpoint URI. A bad value is refused (400) naming the parameter, the value and the fix; the
 * field names are checked against the account's field list by the component, before any call.
 */
public final class BotQuery {

    private final String defaultLanguage;
    private final Set<String> languages = new LinkedHashSet<>();

    /** {@code languages}: the comma-separated languages callers may ask for; the default one is always allowed. */
    public BotQuery(String defaultLanguage, String languages) {
        this.defaultLanguage = defaultLanguage.trim();
        this.languages.add(this.defaultLanguage);
        for (String language : languages.split(",")) {
            if (!language.isBlank()) {
                this.languages.add(language.trim());
            }
        }
        for (String language : this.languages) {
            if (!language.matches("[a-z]{2}")) {
                throw new IllegalArgumentException("The bot's language / languages: '" + language
                        + "' is not a two-letter language code such as en or de");
            }
        }
    }

    /** No header of the HTTP request may steer the emarsys endpoint: drops every CamelEmarsys* header. */
    static void dropComponentHeaders(Exchange exchange) {
        exchange.getMessage().getHeaders().keySet()
                .removeIf(name -> name.regionMatches(true, 0, "CamelEmarsys", 0, "CamelEmarsys".length()));
    }

    /** GET contacts/{key}: fields, labels and language. */
    public void contact(Exchange exchange) {
        language(exchange);
        String labels = single(exchange, "labels");
        if (labels != null && !labels.equals("true") && !labels.equals("false")) {
            throw refused("labels", labels, "use labels=true (choice labels) or labels=false (choice ids)");
        }
        exchange.getMessage().setHeader(EmarsysConstants.RESOLVE_CHOICES, "true".equals(labels));
        String fields = single(exchange, "fields");
        if (fields != null) {
            List<String> names = new ArrayList<>();
            for (String name : fields.split(",")) {
                if (name.isBlank()) {
                    throw refused("fields", fields, "name each field by id or name, separated by single commas, "
                            + "for example fields=First Name,gender");
                }
                names.add(name.trim());
            }
            exchange.getMessage().setHeader(EmarsysConstants.FIELDS, names);
        }
    }

    /** Every call that reads field names or labels: the language, else the default one. */
    public void language(Exchange exchange) {
        String language = single(exchange, "language");
        if (language == null) {
            language = defaultLanguage;
        } else if (!languages.contains(language)) {
            throw refused("language", language, "use one of " + String.join(", ", languages)
                    + " (the bot's languages)");
        }
        exchange.getMessage().setHeader(EmarsysConstants.LANGUAGE, language);
    }

    /** The parameter's value, null when absent; given twice is refused. */
    private static String single(Exchange exchange, String parameter) {
        Object value = exchange.getMessage().getHeader(parameter);
        if (value == null || value instanceof String) {
            return (String) value;
        }
        throw refused(parameter, value, "give " + parameter + " once");
    }

    private static IllegalArgumentException refused(String parameter, Object value, String fix) {
        return new IllegalArgumentException("Query parameter " + parameter + " is " + EmarsysInputException.shown(value)
                + ": " + fix);
    }
}
