package io.camelemarsys.component.operation;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelemarsys.component.EmarsysConstants;
import io.camelemarsys.component.EmarsysInputException;
import io.camelemarsys.component.EmarsysOperation;

/** Creates the operation behind each URI. */
public final class Operations {

    private Operations() {
    }

    public static Operation create(EmarsysOperation operation, OperationContext context) {
        switch (operation) {
            case CONTACT_UPSERT:
                return new ContactWrite(context, ContactWrite.Mode.UPSERT);
            case CONTACT_UPDATE:
                return new ContactWrite(context, ContactWrite.Mode.UPDATE);
            case CONTACT_CREATE:
                return new ContactWrite(context, ContactWrite.Mode.CREATE);
            case CONTACT_GET:
                return new ContactGet(context);
            case CONTACT_DELETE:
                return new ContactDelete(context);
            case CONTACT_CHECKIDS:
                return new DataCall(context, exchange -> new DataCall.Request("POST", "/contact/checkids",
                        Map.of("key_id", context.keyId(exchange), "external_ids",
                                BodyItems.texts(exchange, "contact/checkids", "a key value or a Collection of them"))));
            case FIELD_LIST:
                return new DataCall(context, exchange -> {
                    String language = context.language(exchange);
                    return new DataCall.Request("GET", "en".equals(language) ? "/field" : "/field/translate/" + language,
                            null);
                });
            case FIELD_CREATE:
                return new DataCall(context, exchange -> new DataCall.Request("POST", "/field",
                        namedBody(exchange, "field/create", "{\"name\": \"Favourite colour\", \"application_type\": \"shorttext\"}")));
            case FIELD_CHOICES:
                return new FieldChoices(context);
            case EVENT_LIST:
                return new DataCall(context, exchange -> new DataCall.Request("GET", "/event", null));
            case EVENT_CREATE:
                return new DataCall(context, exchange -> new DataCall.Request("POST", "/event",
                        namedBody(exchange, "event/create", "{\"name\": \"order_shipped\"} or the name as text")));
            case EVENT_TRIGGER:
                return new EventTrigger(context);
            case CONTACTLIST_LIST:
                return new DataCall(context, exchange -> new DataCall.Request("GET", "/contactlist", null));
            case CONTACTLIST_CREATE:
                return new ContactListCreate(context, new DataCall(context, exchange -> {
                    Map<String, Object> body = namedBody(exchange, "contactlist/create",
                            "{\"name\": \"VIP\", \"external_ids\": [..]?} or the name as text");
                    if (body.containsKey("external_ids")) {
                        body.putIfAbsent("key_id", context.keyId(exchange));
                    }
                    return new DataCall.Request("POST", "/contactlist", body);
                }));
            case CONTACTLIST_ADD:
                return new ContactListChange(context, true);
            case CONTACTLIST_REMOVE:
                return new ContactListChange(context, false);
            case CONTACTLIST_MEMBERS:
                return new ContactListMembers(context);
            case CONTACTLIST_COUNT:
                return new DataCall(context, exchange -> new DataCall.Request("GET",
                        "/contactlist/" + context.listId(exchange) + "/count", null));
            case SEGMENT_LIST:
                return new DataCall(context, exchange -> new DataCall.Request("GET", "/filter", null));
            case SEGMENT_COMBINED:
                return new DataCall(context, exchange -> new DataCall.Request("GET", "/combinedsegments", null));
            case SEGMENT_MEMBERS:
                return new SegmentMembers(context);
            case SEGMENT_RUN:
                return new SegmentRun(context);
            case EXPORT_SEGMENT:
                return new ExportOperation(context, ExportOperation.Kind.SEGMENT);
            case EXPORT_CONTACTLIST:
                return new ExportOperation(context, ExportOperation.Kind.CONTACT_LIST);
            case EXPORT_CHANGES:
                return new ExportOperation(context, ExportOperation.Kind.CHANGES);
            case EXPORT_STATUS:
                return new DataCall(context, exchange -> new DataCall.Request("GET", "/export/" + exportId(exchange, context),
                        null));
            case EXPORT_DOWNLOAD:
                return exchange -> exchange.getMessage().setBody(
                        context.client().download("/export/" + exportId(exchange, context) + "/data"));
            case SETTINGS_GET:
                return new DataCall(context, exchange -> new DataCall.Request("GET", "/settings", null));
            case RAW_CALL:
                return new DataCall(context, exchange -> {
                    String path = exchange.getMessage().getHeader(EmarsysConstants.PATH, context.config().getPath(),
                            String.class);
                    if (path == null || !path.startsWith("/")) {
                        throw new EmarsysInputException("raw/call: set the path option or the " + EmarsysConstants.PATH
                                + " header to a path below the API version, starting with /, for example /contact/query");
                    }
                    String method = exchange.getMessage().getHeader(EmarsysConstants.HTTP_METHOD,
                            context.config().getHttpMethod(), String.class);
                    if ("GET".equals(method)) {
                        return new DataCall.Request(method, path, null); // a GET sends no body
                    }
                    Object body = exchange.getMessage().getBody();
                    if (body instanceof String text && !text.isBlank()) {
                        body = exchange.getContext().getTypeConverter().tryConvertTo(Map.class, exchange, text);
                        if (body == null) {
                            try {
                                body = io.camelemarsys.component.internal.Envelope.JSON.readTree(text);
                            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                                throw new EmarsysInputException("raw/call: the body is text but not JSON; send a "
                                        + "Map, a List or a JSON document");
                            }
                        }
                    }
                    return new DataCall.Request(method, path, body);
                });
            default:
                throw new IllegalArgumentException("No producer for " + operation.uriPath());
        }
    }

    private static String exportId(org.apache.camel.Exchange exchange, OperationContext context) {
        String id = exchange.getMessage().getHeader(EmarsysConstants.EXPORT_ID, context.config().getExportId(),
                String.class);
        if (id == null || !id.trim().matches("\\d+")) {
            throw new EmarsysInputException("No export id: set the exportId option or the " + EmarsysConstants.EXPORT_ID
                    + " header, was " + EmarsysInputException.shown(id));
        }
        return id.trim();
    }

    /** A body with a name: a Map as it is, or a text that is the name. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> namedBody(org.apache.camel.Exchange exchange, String operation, String example) {
        Object body = exchange.getMessage().getBody();
        if (body instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        if (body instanceof String name && !name.isBlank() && !name.trim().startsWith("{")) {
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("name", name.trim());
            return named;
        }
        throw new EmarsysInputException(operation + ": send " + example);
    }
}
