package io.camelemarsys.routes.importer;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonemetadata.PhoneMetadata;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import com.google.i18n.phonenumbers.metadata.DefaultMetadataDependenciesProvider;
import com.google.i18n.phonenumbers.metadata.source.MetadataSource;

/**
 * {@link PhoneNumberUtil#parse} for numbers written in international form, such as {@code +49 30 1234567} or
 * {@code +1 (212) 555-0100}: the same {@link PhoneNumber}, at a fraction of the cost. parse runs its extension and
 * viability regexes on every input (three quarters of its time, and most of an import's garbage); a number made of a
 * plus, ASCII digits and the punctuation {@code " -()."} cannot hold an extension, so only the steps of parse that can
 * change its result remain: the country code (the shortest known prefix of one to three digits) and the national
 * prefix test. Every other input, and every one that parse treats specially (a national prefix or a leading zero after
 * the country code, an unknown country code, a length out of range), is left to parse: {@link #parse} returns null.
 */
final class InternationalNumbers {

    /** PhoneNumberUtil's limits: longer input is refused, and so are national numbers out of this range. */
    private static final int MAX_INPUT_LENGTH = 250;
    private static final int MIN_NATIONAL_LENGTH = 2;
    private static final int MAX_NATIONAL_LENGTH = 17;
    private static final int MAX_COUNTRY_CODE_LENGTH = 3;
    /** What PhoneNumberUtil answers for a number that is not a calling code. */
    private static final String UNKNOWN_REGION = "ZZ";

    private final PhoneNumberUtil phones;
    private final MetadataSource metadata = DefaultMetadataDependenciesProvider.getInstance().getPhoneNumberMetadataSource();
    /** Each calling code's national prefix for parsing, compiled as parse compiles it; empty where it has none. */
    private final Map<Integer, Optional<Pattern>> nationalPrefixes = new ConcurrentHashMap<>();

    InternationalNumbers(PhoneNumberUtil phones) {
        this.phones = phones;
    }

    /** The number as {@code phones.parse(text, anyRegion)} returns it, or null where parse must decide. */
    PhoneNumber parse(String text) {
        String digits = digitsOfInternationalForm(text);
        if (digits == null || digits.charAt(0) == '0') {
            return null;
        }
        for (int length = 1; length <= MAX_COUNTRY_CODE_LENGTH && length < digits.length(); length++) {
            int countryCode = Integer.parseInt(digits, 0, length, 10);
            if (UNKNOWN_REGION.equals(phones.getRegionCodeForCountryCode(countryCode))) {
                continue; // not a calling code: parse tries the next longer prefix too
            }
            return numberOf(countryCode, digits.substring(length));
        }
        return null; // no calling code: parse refuses it
    }

    private PhoneNumber numberOf(int countryCode, String national) {
        if (national.length() < MIN_NATIONAL_LENGTH || national.length() > MAX_NATIONAL_LENGTH
                || national.charAt(0) == '0') {
            return null; // refused by parse, or kept with leading zeros: parse's rules
        }
        Optional<Pattern> nationalPrefix = nationalPrefixes.computeIfAbsent(countryCode, this::nationalPrefixOf);
        if (nationalPrefix.isPresent() && nationalPrefix.get().matcher(national).lookingAt()) {
            return null; // parse may strip a national prefix or a carrier code here
        }
        return new PhoneNumber().setCountryCode(countryCode).setNationalNumber(Long.parseLong(national));
    }

    private Optional<Pattern> nationalPrefixOf(int countryCode) {
        String region = phones.getRegionCodeForCountryCode(countryCode);
        PhoneMetadata regionMetadata = PhoneNumberUtil.REGION_CODE_FOR_NON_GEO_ENTITY.equals(region)
                ? metadata.getMetadataForNonGeographicalRegion(countryCode)
                : metadata.getMetadataForRegion(region);
        if (regionMetadata == null || regionMetadata.getNationalPrefixForParsing().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(Pattern.compile(regionMetadata.getNationalPrefixForParsing()));
    }

    /**
     * The digits of a plus, ASCII digits and {@code " -()."} (spaces around it allowed), if there are at least three;
     * otherwise null.
     */
    private static String digitsOfInternationalForm(String text) {
        int length = text.length();
        if (length > MAX_INPUT_LENGTH) {
            return null;
        }
        int start = 0;
        while (start < length && text.charAt(start) == ' ') {
            start++;
        }
        if (start == length || text.charAt(start) != '+') {
            return null;
        }
        StringBuilder digits = new StringBuilder(length);
        for (int i = start + 1; i < length; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                digits.append(c);
            } else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
                return null;
            }
        }
        return digits.length() >= 3 ? digits.toString() : null;
    }
}
