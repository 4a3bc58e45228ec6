package io.camelemarsys.app;

import org.apache.camel.main.Main;

/**
 * The standalone camel-emarsys app: {@code java -jar camel-emarsys-app.jar}. Every flow runs from the YAML route
 * files and the ready routes named in application.properties; with no Kafka and no Emarsys account configured it
 * brings its own (see {@link EmbeddedDefaults}).
 */
public final class EmarsysApp {

    private EmarsysApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        try (EmbeddedDefaults embedded = EmbeddedDefaults.apply(System.getenv(), main)) {
            main.run(args);
        }
    }
}
