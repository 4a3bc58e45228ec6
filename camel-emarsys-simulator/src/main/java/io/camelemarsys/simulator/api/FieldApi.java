package io.camelemarsys.simulator.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.camelemarsys.simulator.http.ApiError;
import io.camelemarsys.simulator.http.Request;
import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;
import io.camelemarsys.simulator.model.Account;
import io.camelemarsys.simulator.model.Choice;
import io.camelemarsys.simulator.model.Field;
import io.camelemarsys.simulator.model.FieldType;

/** {@code /field}: list (translated), create, delete, and the options of single- and multi-choice fields. */
public final class FieldApi {

    private final Account account;

    public FieldApi(Account account) {
        this.account = account;
    }

    public void register(Router router) {
        router.get("/field", r -> list("en"))
                .get("/field/translate/{language}", r -> list(language(r.pathParam("language"))))
                .post("/field", this::create)
                .delete("/field/{fieldId}", this::delete)
                .get("/field/choices", this::choicesOfMany)
                .get("/field/{fieldId}/choice", r -> Response.ok(choices(field(r.pathParam("fieldId")), "en")))
                .get("/field/{fieldId}/choice/translate/{language}",
                        r -> Response.ok(choices(field(r.pathParam("fieldId")), language(r.pathParam("language")))));
    }

    private Response list(String language) {
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Field field : account.fields().all()) {
            if (account.unlistedFieldIds().contains(field.id())) {
                continue;
            }
            fields.add(field.describe(language));
        }
        return Response.ok(fields);
    }

    /** Two-letter language codes; a language without translations answers in English, as Emarsys does. */
    static String language(String language) {
        if (language == null || !language.matches("[A-Za-z]{2}")) {
            throw ApiError.badRequest(1001, "Invalid language '" + language + "': use a two-letter code such as en or de");
        }
        return language.toLowerCase(Locale.ROOT);
    }

    private Response create(Request request) {
        JsonNode body = request.jsonObject();
        String name = Bodies.requiredText(body, "name");
        String typeName = Bodies.requiredText(body, "application_type");
        FieldType type = FieldType.fromApiName(typeName);
        if (type == null || !type.creatableByApi()) {
            throw ApiError.badRequest(1001, "Invalid application_type '" + typeName
                    + "': the API creates shorttext, longtext, largetext, date, url or numeric fields");
        }
        if (account.fields().nameTaken(name) != null) {
            throw ApiError.badRequest(1001, "A field named '" + name + "' already exists");
        }
        Field field = account.fields().create(name, type);
        Map<String, Object> data = new LinkedHashMap<>(field.describe("en"));
        return Response.ok(data);
    }

    private Response delete(Request request) {
        Field field = field(request.pathParam("fieldId"));
        if (!account.fields().delete(field.id())) {
            throw ApiError.badRequest(1001, "Field " + field.id() + " is a system field and cannot be deleted");
        }
        return Response.ok(Map.of());
    }

    private Response choicesOfMany(Request request) {
        String ids = request.query("fields");
        if (ids == null || ids.isBlank()) {
            throw ApiError.badRequest(1001, "Missing parameter: fields (comma-separated field ids)");
        }
        String language = request.query("language") == null ? "en" : language(request.query("language"));
        Map<String, Object> data = new LinkedHashMap<>();
        for (String id : ids.split(",")) {
            Field field = field(id.trim());
            data.put(Integer.toString(field.id()), choices(field, language));
        }
        return Response.ok(data);
    }

    private Field field(String id) {
        Field field = account.fields().resolve(id);
        if (field == null) {
            throw ApiError.badRequest(2006, "Invalid field id: " + id);
        }
        return field;
    }

    private static List<Map<String, Object>> choices(Field field, String language) {
        if (!field.hasChoices()) {
            throw ApiError.badRequest(2006, "Field " + field.id() + " (" + field.name("en") + ") is a "
                    + field.type().apiName() + " field and has no choices");
        }
        List<Map<String, Object>> list = new ArrayList<>();
        for (Choice choice : field.choices()) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("id", Integer.toString(choice.id()));
            map.put("choice", choice.label(language));
            map.put("bit_position", Integer.toString(choice.bitPosition()));
            list.add(map);
        }
        return list;
    }
}
