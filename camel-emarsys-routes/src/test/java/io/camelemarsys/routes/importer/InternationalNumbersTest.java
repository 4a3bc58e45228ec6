package io.camelemarsys.routes.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fast path must give exactly what libphonenumber's parse gives, for every calling code: compared on the example
 * numbers of every region and type (as written internationally, with a national prefix, with punctuation) and on
 * random digits after every calling code.
 */
class InternationalNumbersTest {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();
    private static final String PUNCTUATION = " -().";

    private final InternationalNumbers international = new InternationalNumbers(PHONES);
    private final ContactKeys keys = new ContactKeys("DE");

    @Test
    void examplesOfEveryRegionAndTypeParseAsLibphonenumberDoes() {
        List<String> inputs = new ArrayList<>();
        for (int countryCode : PHONES.getSupportedCallingCodes()) {
            for (PhoneNumber example : examplesOf(countryCode)) {
                String written = PHONES.format(example, PhoneNumberFormat.INTERNATIONAL);
                inputs.add(written);
                inputs.add(PHONES.format(example, PhoneNumberFormat.E164));
                inputs.add(written.replace(' ', '-'));
                inputs.add(" " + written.replaceFirst(" ", " (").replaceFirst("(\\(\\d+) ", "$1) ") + " ");
                // a national prefix (or a stray digit) after the country code: parse may strip it
                String region = PHONES.getRegionCodeForCountryCode(countryCode);
                String prefix = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region) ? null
                        : PHONES.getNddPrefixForRegion(region, true);
                inputs.add("+" + countryCode + " " + (prefix == null ? "0" : prefix) + " "
                        + PHONES.getNationalSignificantNumber(example));
            }
        }
        long fast = compareAll(inputs);
        // the fast path must take the bulk of them, or the comparison proves nothing
        assertTrue(fast > inputs.size() / 2, fast + " of " + inputs.size() + " took the fast path");
    }

    @Test
    void randomDigitsAfterEveryCallingCodeParseAsLibphonenumberDoes() {
        Random random = new Random(20261130);
        List<String> inputs = new ArrayList<>();
        for (int countryCode : PHONES.getSupportedCallingCodes()) {
            for (int i = 0; i < 150; i++) {
                StringBuilder text = new StringBuilder("+").append(countryCode);
                int digits = random.nextInt(19);
                for (int d = 0; d < digits; d++) {
                    if (random.nextInt(4) == 0) {
                        text.append(PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length())));
                    }
                    text.append((char) ('0' + random.nextInt(10)));
                }
                inputs.add(text.toString());
            }
        }
        long fast = compareAll(inputs);
        assertTrue(fast > inputs.size() / 4, fast + " of " + inputs.size() + " took the fast path");
    }

    @Test
    void leavesEverythingElseToParse() {
        for (String input : List.of("", "+", "+4", "+49", "030 1234567", "0049 30 1234567", "(+49) 30 1234567",
                "+49 30 1234567 ext. 12", "+49 30 1234567#", "+49 30 1234567 x12", "+49/30/1234567", "++49 30 1234567",
                "+49 030 1234567", "+39 06 1234 5678", "+0 123 4567", "+999 1234567", "+49 1234567890123456789",
                "+49 30 123456７", "+" + "1".repeat(300))) {
            assertNull(international.parse(input), input);
            compareAll(List.of(input));
        }
    }

    @Test
    void takesTheCommonInternationalForms() {
        for (String input : List.of("+49 30 1234567", "+4930 1234567", " +1 (212) 555-0123 ", "+44 20.7946.0958",
                "+36 1 234 5678", "+800 1234 5678")) {
            PhoneNumber number = international.parse(input);
            assertNotNull(number, input);
            assertTrue(number.exactlySameAs(parsed(input)), input);
        }
        assertEquals("+12125550123", keys.phone(" +1 (212) 555-0123 "));
        assertEquals("+49301234567", keys.phone("+49 030 1234567")); // parse strips the national prefix
    }

    /** Asserts that the fast path and ContactKeys agree with parse for every input; returns how many were fast. */
    private long compareAll(List<String> inputs) {
        long fast = 0;
        for (String input : inputs) {
            PhoneNumber expected = parsed(input);
            PhoneNumber number = international.parse(input);
            if (number != null) {
                fast++;
                assertNotNull(expected, "parse refuses \"" + input + "\", the fast path took it as " + number);
                assertTrue(number.exactlySameAs(expected), "\"" + input + "\": " + number + " but parse gives " + expected);
            }
            String e164 = expected != null && PHONES.isValidNumber(expected) ? PHONES.format(expected, PhoneNumberFormat.E164) : null;
            assertEquals(e164, keys.phone(input), input);
        }
        return fast;
    }

    private static List<PhoneNumber> examplesOf(int countryCode) {
        List<PhoneNumber> examples = new ArrayList<>();
        String mainRegion = PHONES.getRegionCodeForCountryCode(countryCode);
        if (PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(mainRegion)) {
            PhoneNumber example = PHONES.getExampleNumberForNonGeoEntity(countryCode);
            if (example != null) {
                examples.add(example);
            }
            return examples;
        }
        for (String region : PHONES.getRegionCodesForCountryCode(countryCode)) {
            for (PhoneNumberType type : PhoneNumberType.values()) {
                PhoneNumber example = PHONES.getExampleNumberForType(region, type);
                if (example != null) {
                    examples.add(example);
                }
            }
        }
        return examples;
    }

    private static PhoneNumber parsed(String input) {
        try {
            return PHONES.parse(input, "DE");
        } catch (NumberParseException e) {
            return null;
        }
    }
}
