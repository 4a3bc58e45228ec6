package io.camelemarsys.routes.importer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The import's settings ({@code emarsys.import.*}).
 *
 * @param sources        segments as {@code segment:<id>}, contact lists as {@code list:<id>}
 * @param fields         the fields to import, by name or id (any number: exports of more than 20 are split)
 * @param emailField     the field that holds the e-mail (also the key of opt-in write-back)
 * @param phoneFields    the fields that hold phone numbers
 * @param optInField     the opt-in field
 */
public record ImportSettings(List<String> sources, String fields, String emailField, List<String> phoneFields,
                             String optInField, Duration interval, Duration fullEvery, Duration overlap,
                             String phoneRegion, String profilesTopic, boolean writeBackOptIn) {

    /** The fields option of the exports: the configured fields plus e-mail, phones and opt-in when missing. */
    public String exportFields() {
        List<String> all = new ArrayList<>();
        for (String field : fields.split(",")) {
            if (!field.isBlank()) {
                all.add(field.trim());
            }
        }
        for (String needed : concat(List.of(emailField, optInField), phoneFields)) {
            if (!all.contains(needed)) {
                all.add(needed);
            }
        }
        return String.join(",", all);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
