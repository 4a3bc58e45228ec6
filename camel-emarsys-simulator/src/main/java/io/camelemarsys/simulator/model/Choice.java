package io.camelemarsys.simulator.model;

import java.util.Map;

/** One option of a single- or multi-choice field; {@code labels} maps a two-letter language to the text. */
public record Choice(int id, int bitPosition, Map<String, String> labels) {

    public String label(String language) {
        return labels.getOrDefault(language, labels.get("en"));
    }
}
