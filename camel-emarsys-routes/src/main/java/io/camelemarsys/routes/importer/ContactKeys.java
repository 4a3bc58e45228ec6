package io.camelemarsys.routes.importer;

import java.util.Locale;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

/** Normalized stitching keys: e-mail trimmed and lower-case; phone in E.164 with a default region, or null when invalid. */
public final class ContactKeys {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;
    private final InternationalNumbers international = new InternationalNumbers(PHONES);

    public ContactKeys(String defaultRegion) {
        this.defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "DE" : defaultRegion.toUpperCase(Locale.ROOT);
    }

    public static String email(Object value) {
        if (value == null) {
            return null;
        }
        String email = value.toString().trim().toLowerCase(Locale.ROOT);
        return email.contains("@") ? email : null;
    }

    /** E.164 ({@code +4930123456}), or null for an empty or invalid number. */
    public String phone(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        try {
            String text = value.toString();
            Phonenumber.PhoneNumber number = international.parse(text);
            if (number == null) {
                number = PHONES.parse(text, defaultRegion);
            }
            return PHONES.isValidNumber(number) ? PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164) : null;
        } catch (NumberParseException e) {
            return null;
        }
    }
}
