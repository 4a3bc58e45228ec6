package io.camelemarsys.simulator.api;

import java.util.LinkedHashMap;
import java.util.Map;

import io.camelemarsys.simulator.http.Response;
import io.camelemarsys.simulator.http.Router;

/** {@code GET /settings}: the account settings, the cheap authenticated call clients use as a connection test. */
public final class SettingsApi {

    public void register(Router router) {
        router.get("/settings", request -> {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", 100_000_001);
            data.put("environment", "simulator.emarsys.local");
            data.put("timezone", "Europe/Vienna");
            data.put("name", "camel-emarsys simulator");
            data.put("password_history_queue_size", 0);
            data.put("country", "Austria");
            data.put("language", "en");
            data.put("api_user", request.principal());
            return Response.ok(data);
        });
    }
}
