package io.camelemarsys.simulator.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The account's contact fields: the Emarsys system fields (ids 0 to 48, as the reference lists them) plus custom
 * fields. A few demo custom fields are always present so that choice handling can be exercised out of the box.
 */
public final class FieldCatalog {

    public static final int EMAIL = 3;
    public static final int OPT_IN = 31;
    public static final int FIRST_CUSTOM_ID = 100_001;

    /** The demo custom fields every simulator has. */
    public static final int LOYALTY_TIER = 100_001;
    public static final int PREFERRED_CHANNELS = 100_002;
    public static final int WHATSAPP_OPT_IN = 100_003;
    public static final int CUSTOMER_NUMBER = 100_004;

    private final Map<Integer, Field> byId = new TreeMap<>();
    private final Map<String, Field> byStringId = new LinkedHashMap<>();
    private int nextCustomId = FIRST_CUSTOM_ID;

    public FieldCatalog() {
        addSystemFields();
        addDemoCustomFields();
    }

    public synchronized Field byId(int id) {
        return byId.get(id);
    }

    public synchronized Field byStringId(String stringId) {
        return byStringId.get(stringId);
    }

    /** A field by numeric id or by string id ("email"), or null. */
    public synchronized Field resolve(String idOrStringId) {
        if (idOrStringId == null) {
            return null;
        }
        try {
            return byId.get(Integer.parseInt(idOrStringId.trim()));
        } catch (NumberFormatException e) {
            return byStringId.get(idOrStringId.trim());
        }
    }

    public synchronized List<Field> all() {
        return new ArrayList<>(byId.values());
    }

    public synchronized int slots() {
        return byId.size();
    }

    public synchronized Field nameTaken(String name) {
        for (Field field : byId.values()) {
            if (field.name("en").equalsIgnoreCase(name)) {
                return field;
            }
        }
        return null;
    }

    /** {@code POST /field}: a new custom field without choices. */
    public synchronized Field create(String name, FieldType type) {
        return add(nextCustomId++, stringIdOf(name), type, false, true, Map.of("en", name), List.of());
    }

    /** Control API: a custom field of any type, with choices and translated names. */
    public synchronized Field createCustom(String stringId, FieldType type, Map<String, String> names,
                                           List<Choice> choices) {
        String sid = stringId != null ? stringId : stringIdOf(names.get("en"));
        return add(nextCustomId++, sid, type, false, true, names, choices);
    }

    public synchronized boolean delete(int id) {
        Field field = byId.get(id);
        if (field == null || id < FIRST_CUSTOM_ID) {
            return false;
        }
        byId.remove(id);
        byStringId.remove(field.stringId());
        return true;
    }

    private Field add(int id, String stringId, FieldType type, boolean readOnly, boolean exportable,
                      Map<String, String> names, List<Choice> choices) {
        // slots only grow: a deleted field's slot is never reused, so stale values can never reappear
        int slot = byId.isEmpty() ? 0 : byId.values().stream().mapToInt(Field::slot).max().getAsInt() + 1;
        Field field = new Field(id, stringId, type, readOnly, exportable, slot, names, choices);
        byId.put(id, field);
        byStringId.put(stringId, field);
        return field;
    }

    private static String stringIdOf(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private void system(int id, String stringId, FieldType type, String en, String de, List<Choice> choices) {
        add(id, stringId, type, false, true, names(en, de), choices);
    }

    private void readOnly(int id, String stringId, FieldType type, String en, String de, boolean exportable) {
        add(id, stringId, type, true, exportable, names(en, de), List.of());
    }

    private static Map<String, String> names(String en, String de) {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("en", en);
        names.put("de", de);
        return names;
    }

    /** Choices from "en|de" pairs, numbered from 1, bit positions from 0. */
    private static List<Choice> choices(String... pairs) {
        List<Choice> list = new ArrayList<>();
        for (int i = 0; i < pairs.length; i++) {
            String[] parts = pairs[i].split("\\|");
            list.add(new Choice(i + 1, i, names(parts[0], parts.length > 1 ? parts[1] : parts[0])));
        }
        return list;
    }

    private void addSystemFields() {
        add(0, "interests", FieldType.INTERESTS, true, true, names("Interests", "Interessen"),
                choices("Sports|Sport", "Travel|Reisen", "Technology|Technik"));
        system(1, "first_name", FieldType.SHORTTEXT, "First Name", "Vorname", List.of());
        system(2, "last_name", FieldType.SHORTTEXT, "Last Name", "Nachname", List.of());
        system(3, "email", FieldType.LONGTEXT, "E-Mail", "E-Mail", List.of());
        system(4, "birth_date", FieldType.BIRTHDATE, "Date of Birth", "Geburtsdatum", List.of());
        system(5, "gender", FieldType.SINGLECHOICE, "Gender", "Geschlecht", choices("Male|Männlich", "Female|Weiblich"));
        system(6, "marital_status", FieldType.SINGLECHOICE, "Marital Status", "Familienstand",
                choices("Single|Ledig", "Married|Verheiratet", "Divorced|Geschieden", "Widowed|Verwitwet"));
        system(7, "children", FieldType.SINGLECHOICE, "Children", "Kinder", choices("0", "1", "2", "3", "4+"));
        system(8, "education", FieldType.SINGLECHOICE, "Education", "Ausbildung",
                choices("Primary School|Grundschule", "High School|Abitur", "University|Universität"));
        system(9, "title", FieldType.SINGLECHOICE, "Title", "Titel", choices("Dr.", "Prof.", "Prof. Dr."));
        system(10, "address", FieldType.LONGTEXT, "Address", "Adresse", List.of());
        system(11, "city", FieldType.SHORTTEXT, "City", "Stadt", List.of());
        system(12, "state", FieldType.SHORTTEXT, "State", "Bundesland", List.of());
        system(13, "zip_code", FieldType.SHORTTEXT, "ZIP Code", "PLZ", List.of());
        system(14, "country", FieldType.SINGLECHOICE, "Country", "Land",
                choices("Austria|Österreich", "Germany|Deutschland", "Switzerland|Schweiz",
                        "United Kingdom|Vereinigtes Königreich", "United States|Vereinigte Staaten",
                        "France|Frankreich", "Hungary|Ungarn"));
        system(15, "phone", FieldType.SHORTTEXT, "Phone", "Telefon", List.of());
        system(16, "fax", FieldType.FAX, "Fax", "Fax", List.of());
        system(17, "job_position", FieldType.SHORTTEXT, "Job Position", "Position", List.of());
        system(18, "company", FieldType.LONGTEXT, "Company", "Firma", List.of());
        system(19, "department", FieldType.SHORTTEXT, "Department", "Abteilung", List.of());
        system(20, "industry", FieldType.SINGLECHOICE, "Industry", "Branche",
                choices("Retail|Handel", "Finance|Finanzen", "Software"));
        system(21, "phone_office", FieldType.SHORTTEXT, "Phone (office)", "Telefon (Büro)", List.of());
        system(22, "fax_office", FieldType.FAX, "Fax (office)", "Fax (Büro)", List.of());
        system(23, "number_of_employees", FieldType.SINGLECHOICE, "Number of Employees", "Mitarbeiterzahl",
                choices("1-10", "11-100", "101-1000", "1000+"));
        system(24, "annual_revenue", FieldType.SINGLECHOICE, "Annual Revenue (in 000 EUR)", "Jahresumsatz (in 000 EUR)",
                choices("< 100", "100-1000", "> 1000"));
        system(25, "url", FieldType.URL, "URL", "URL", List.of());
        system(26, "email_format", FieldType.SINGLECHOICE, "Preferred email format", "Bevorzugtes E-Mail-Format",
                choices("Automatic|Automatisch", "HTML", "Text"));
        readOnly(27, "avg_visit_length", FieldType.SPECIAL, "Avg. length of visit (minutes)",
                "Durchschn. Besuchsdauer (Minuten)", false);
        readOnly(28, "page_views_per_day", FieldType.SPECIAL, "Page views per day", "Seitenaufrufe pro Tag", false);
        readOnly(29, "days_since_last_email_sent", FieldType.SPECIAL, "Days since last email sent",
                "Tage seit der letzten E-Mail", false);
        readOnly(30, "response_rate", FieldType.SPECIAL, "Response rate (% of clicked or opened e-mails)",
                "Antwortrate", true);
        system(31, "optin", FieldType.SPECIAL, "Opt-In", "Opt-In", List.of());
        readOnly(32, "user_status", FieldType.SPECIAL, "User status", "Benutzerstatus", false);
        readOnly(33, "contact_source", FieldType.SPECIAL, "Contact source", "Kontaktquelle", false);
        readOnly(34, "contact_form", FieldType.SPECIAL, "Contact form", "Kontaktformular", true);
        system(35, "registration_language", FieldType.SINGLECHOICE, "Registration Language", "Registrierungssprache",
                choices("English|Englisch", "German|Deutsch", "French|Französisch", "Hungarian|Ungarisch"));
        readOnly(36, "newsletter", FieldType.SPECIAL, "Newsletter", "Newsletter", true);
        system(37, "mobile", FieldType.SHORTTEXT, "Mobile", "Mobil", List.of());
        system(38, "first_name_of_partner", FieldType.SHORTTEXT, "First Name of Partner", "Vorname des Partners",
                List.of());
        system(39, "birth_date_of_partner", FieldType.BIRTHDATE, "Birthdate of Partner", "Geburtsdatum des Partners",
                List.of());
        system(40, "anniversary", FieldType.DATE, "Anniversary", "Jahrestag", List.of());
        system(41, "company_address", FieldType.LONGTEXT, "Company Address", "Firmenadresse", List.of());
        system(42, "zip_code_office", FieldType.SHORTTEXT, "ZIP Code (office)", "PLZ (Büro)", List.of());
        system(43, "city_office", FieldType.SHORTTEXT, "City (office)", "Stadt (Büro)", List.of());
        system(44, "state_office", FieldType.SHORTTEXT, "State (office)", "Bundesland (Büro)", List.of());
        system(45, "country_office", FieldType.SINGLECHOICE, "Country (office)", "Land (Büro)",
                choices("Austria|Österreich", "Germany|Deutschland", "Switzerland|Schweiz"));
        system(46, "salutation", FieldType.SINGLECHOICE, "Salutation", "Anrede", choices("Mr.|Herr", "Ms.|Frau"));
        readOnly(47, "email_valid", FieldType.SPECIAL, "E-Mail valid", "E-Mail gültig", true);
        readOnly(48, "date_of_first_registration", FieldType.SPECIAL, "Date of first registration",
                "Datum der ersten Registrierung", true);
    }

    private void addDemoCustomFields() {
        add(LOYALTY_TIER, "loyalty_tier", FieldType.SINGLECHOICE, false, true, names("Loyalty tier", "Treuestufe"),
                choices("Bronze", "Silver|Silber", "Gold"));
        add(PREFERRED_CHANNELS, "preferred_channels", FieldType.MULTICHOICE, false, true,
                names("Preferred channels", "Bevorzugte Kanäle"), choices("Email|E-Mail", "SMS", "WhatsApp", "Push"));
        add(WHATSAPP_OPT_IN, "whatsapp_opt_in", FieldType.SHORTTEXT, false, true,
                names("WhatsApp opt-in", "WhatsApp-Einwilligung"), List.of());
        add(CUSTOMER_NUMBER, "customer_number", FieldType.SHORTTEXT, false, true,
                names("Customer number", "Kundennummer"), List.of());
        nextCustomId = CUSTOMER_NUMBER + 1;
    }

    public static Collection<String> languages() {
        return List.of("en", "de");
    }
}
