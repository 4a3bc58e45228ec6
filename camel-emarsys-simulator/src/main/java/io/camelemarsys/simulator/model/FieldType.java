package io.camelemarsys.simulator.model;

import java.util.Locale;

/** Emarsys {@code application_type} values, with what a value of each type may hold. */
public enum FieldType {
    SHORTTEXT(60), LONGTEXT(255), LARGETEXT(Integer.MAX_VALUE), NUMERIC(24), DATE(10), BIRTHDATE(10), URL(255),
    SINGLECHOICE(0), MULTICHOICE(0), INTERESTS(0), SPECIAL(255), FAX(60), VOUCHER(255);

    private final int maxLength;

    FieldType(int maxLength) {
        this.maxLength = maxLength;
    }

    public int maxLength() {
        return maxLength;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The types {@code POST /field} may create; choice fields cannot be created through the API. */
    public boolean creatableByApi() {
        return this == SHORTTEXT || this == LONGTEXT || this == LARGETEXT || this == DATE || this == URL
                || this == NUMERIC;
    }

    public static FieldType fromApiName(String name) {
        for (FieldType type : values()) {
            if (type.apiName().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
