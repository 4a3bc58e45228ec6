package io.camelemarsys.simulator.model;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Generates contacts with realistic, deterministic values (same seed, same contacts): names that fit the gender,
 * unique e-mail addresses on reserved example domains, birth dates, cities with ZIP codes and countries, E.164-style
 * phone numbers for most, opt-in mostly granted, and values for the demo choice fields.
 */
public final class ContactGenerator {

    private static final String[] FEMALE = {"Anna", "Maria", "Sophie", "Laura", "Emma", "Julia", "Lena", "Clara",
        "Olivia", "Mia", "Hanna", "Eva", "Zsófia", "Chloé", "Grace"};
    private static final String[] MALE = {"Lukas", "Felix", "Jonas", "Paul", "Max", "David", "Noah", "Elias",
        "Leon", "Ben", "Tamás", "Louis", "James", "Oliver", "Jakob"};
    private static final String[] LAST = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
        "Becker", "Hoffmann", "Koch", "Nagy", "Kovács", "Martin", "Bernard", "Smith", "Jones", "Taylor", "Gruber",
        "Huber", "Bauer"};
    /** city, ZIP code, country choice id (see FieldCatalog), phone prefix */
    private static final String[][] CITIES = {
        {"Vienna", "1010", "1", "+43 1"}, {"Graz", "8010", "1", "+43 316"}, {"Berlin", "10115", "2", "+49 30"},
        {"Munich", "80331", "2", "+49 89"}, {"Hamburg", "20095", "2", "+49 40"}, {"Zurich", "8001", "3", "+41 44"},
        {"London", "EC1A 1BB", "4", "+44 20"}, {"New York", "10001", "5", "+1 212"}, {"Paris", "75001", "6", "+33 1"},
        {"Budapest", "1051", "7", "+36 1"}};
    private static final String[] DOMAINS = {"example.com", "example.org", "example.net"};

    private final Random random;
    private final FieldCatalog catalog;

    public ContactGenerator(long seed, FieldCatalog catalog) {
        this.random = new Random(seed);
        this.catalog = catalog;
    }

    /** The field values of contact number {@code n}; {@code n} makes the e-mail address unique. */
    public Map<Field, Object> next(long n) {
        boolean female = random.nextBoolean();
        String first = pick(female ? FEMALE : MALE);
        String last = pick(LAST);
        String[] city = CITIES[random.nextInt(CITIES.length)];
        Map<Field, Object> values = new LinkedHashMap<>();
        put(values, 1, first);
        put(values, 2, last);
        put(values, FieldCatalog.EMAIL, ascii(first) + "." + ascii(last) + "." + n + "@" + pick(DOMAINS));
        put(values, 4, LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000)).toString());
        put(values, 5, female ? 2 : 1);
        put(values, 46, female ? 2 : 1);
        put(values, 11, city[0]);
        put(values, 13, city[1]);
        put(values, 14, Integer.parseInt(city[2]));
        if (random.nextInt(10) < 8) {
            put(values, 15, city[3] + " " + (1_000_000 + random.nextInt(9_000_000)));
        }
        if (random.nextInt(10) < 6) {
            put(values, 37, city[3].split(" ")[0] + " 6" + (10_000_000 + random.nextInt(90_000_000)));
        }
        put(values, FieldCatalog.OPT_IN, random.nextInt(10) < 8 ? 1 : 2);
        put(values, FieldCatalog.LOYALTY_TIER, 1 + random.nextInt(3));
        put(values, FieldCatalog.PREFERRED_CHANNELS, random.nextBoolean() ? new int[] {1} : new int[] {1, 3});
        put(values, FieldCatalog.CUSTOMER_NUMBER, String.format(Locale.ROOT, "C-%07d", n));
        return values;
    }

    private void put(Map<Field, Object> values, int fieldId, Object value) {
        values.put(catalog.byId(fieldId), value);
    }

    private String pick(String[] options) {
        return options[random.nextInt(options.length)];
    }

    private static String ascii(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFD)
                .replaceAll("\\p{M}", "").replace("ß", "ss").toLowerCase(Locale.ROOT);
    }
}
