package io.camelemarsys.routes;

import java.util.concurrent.atomic.AtomicBoolean;

import io.vertx.core.http.HttpHeaders;
import org.apache.camel.Route;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.support.RoutePolicySupport;

/**
 * A body over the HTTP server's own limit ({@code camel.server.max-body-size}) is refused by Vert.x before any route
 * sees it, as a bare 413 with an ERROR "Unhandled exception in router". This route policy puts a failure handler on
 * the server's router that answers that 413 like every other webhook refusal: RFC 7807 problem JSON, nothing logged.
 */
public final class ProblemJsonBodyLimit extends RoutePolicySupport {

    private static final String PROBLEM = HttpReply.problemText(413, "Payload Too Large",
            "The body is larger than the server accepts (camel.server.max-body-size)");
    private final AtomicBoolean installed = new AtomicBoolean();

    @Override
    public void onStart(Route route) {
        if (!installed.compareAndSet(false, true)) {
            return;
        }
        for (VertxPlatformHttpRouter router : route.getCamelContext().getRegistry().findByType(VertxPlatformHttpRouter.class)) {
            if (router.isMainServer()) {
                install(router);
            }
        }
    }

    private static void install(VertxPlatformHttpRouter router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(context -> {
            if (context.statusCode() != 413 || context.response().ended()) {
                context.next();
                return;
            }
            context.response().setStatusCode(413).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                    .putHeader(HttpHeaders.CONNECTION, "close").end(PROBLEM);
        });
    }
}
