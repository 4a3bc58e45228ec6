package io.camelemarsys.routes;

import java.util.ArrayList;
import java.util.List;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.Route;
import org.apache.camel.component.bean.BeanProcessor;

/** The text of every processor of every route, bean method strings included: what message histories and dumps print. */
final class RouteTexts {

    private RouteTexts() {
    }

    static List<String> of(CamelContext context) {
        List<String> texts = new ArrayList<>();
        for (Route route : context.getRoutes()) {
            for (Processor processor : route.filter("*")) {
                texts.add(String.valueOf(processor));
                if (processor instanceof BeanProcessor bean) {
                    texts.add(String.valueOf(bean.getMethod()));
                }
            }
        }
        return texts;
    }
}
