package io.camelemarsys.kamelets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import io.camelemarsys.component.EmarsysFailedItem;

/** The Segment spec translated into Emarsys calls, without Emarsys or a database: the contacts are given. */
class SegmentTranslationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SegmentTranslation translation = new SegmentTranslation();

    SegmentTranslationTest() {
        translation.getSettings().setEventMapping("Order Completed=order_completed,Refund Issued=77,Page Viewed=page_view");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> message(String json) {
        try {
            return JSON.readValue(json, Map.class);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<SegmentCall> calls(List<Map<String, Object>> messages, String... contacts) {
        return translation.calls(messages, Arrays.asList(contacts));
    }

    private static String summary(SegmentCall call) {
        return call.kind() + " " + call.keyField() + " " + (call.eventId() != null ? "eventId=" + call.eventId()
                : call.eventName() != null ? "eventName=" + call.eventName() : call.listId() != null
                ? "listId=" + call.listId() : call.listName() != null ? "listName=" + call.listName() : "-")
                + " " + call.items();
    }

    @Test
    void aBatchBecomesUpsertsThenListChangesThenTriggersEachWithItsHeaders() {
        Map<String, Object> identify = message("{\"type\":\"identify\",\"messageId\":\"m-1\",\"userId\":\"u-1\","
                + "\"traits\":{\"email\":\"ann@x\",\"firstName\":\"Ann\",\"plan\":\"gold\",\"vip_customers\":true}}");
        Map<String, Object> track = message("{\"type\":\"track\",\"messageId\":\"m-2\",\"userId\":\"u-1\","
                + "\"event\":\"Order Completed\",\"properties\":{\"total\":10}}");
        Map<String, Object> refund = message("{\"type\":\"track\",\"messageId\":\"m-3\",\"userId\":\"u-1\","
                + "\"event\":\"Refund Issued\",\"properties\":{}}");
        Map<String, Object> page = message("{\"type\":\"page\",\"messageId\":\"m-4\",\"userId\":\"u-1\"}");
        Map<String, Object> group = message("{\"type\":\"group\",\"messageId\":\"m-5\",\"userId\":\"u-1\",\"groupId\":\"acme\"}");
        List<SegmentCall> calls = calls(List.of(identify, track, refund, page, group), "ann@x", "ann@x", "ann@x",
                "ann@x", "ann@x");

        assertEquals(List.of(
                "upsert email - [{email=ann@x, First Name=Ann}]",
                "listAdd email listName=vip_customers [ann@x]",
                "listAdd email listName=segment-group-acme [ann@x]",
                "trigger email eventName=order_completed [{key=ann@x, data={total=10}, triggerId=m-2}]",
                "trigger email eventId=77 [{key=ann@x, triggerId=m-3}]",
                "trigger email eventName=page_view [{key=ann@x, triggerId=m-4}]"),
                calls.stream().map(SegmentTranslationTest::summary).toList(),
                "an unmapped trait (plan) is not written; empty properties send no data");
        assertEquals(List.of(List.of(identify)), calls.get(0).messages());
        assertEquals(List.of(List.of(group)), calls.get(2).messages());
        assertSame(track, calls.get(3).messages().get(0).get(0));
    }

    @Test
    void callsOfTheSameKindKeyAndTargetAreMergedAndAContactsFieldsMergeInOrder() {
        Map<String, Object> first = message("{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"email\":\"ann@x\","
                + "\"firstName\":\"Ann\",\"lastName\":\"Old\"}}");
        Map<String, Object> other = message("{\"type\":\"identify\",\"userId\":\"u-2\",\"traits\":{\"email\":\"bob@x\"}}");
        Map<String, Object> second = message("{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"lastName\":\"New\"}}");
        Map<String, Object> t1 = message("{\"type\":\"track\",\"messageId\":\"t1\",\"userId\":\"u-1\",\"event\":\"Order Completed\"}");
        Map<String, Object> t2 = message("{\"type\":\"track\",\"messageId\":\"t2\",\"userId\":\"u-2\",\"event\":\"Refund Issued\"}");
        Map<String, Object> t3 = message("{\"type\":\"track\",\"messageId\":\"t3\",\"userId\":\"u-2\",\"event\":\"Order Completed\"}");
        List<SegmentCall> calls = calls(List.of(first, other, second, t1, t2, t3), "ann@x", "bob@x", "ann@x", "ann@x",
                "bob@x", "bob@x");

        assertEquals(3, calls.size(), calls.toString());
        SegmentCall upsert = calls.get(0);
        assertEquals(List.of(Map.of("email", "ann@x", "First Name", "Ann", "Last Name", "New"), Map.of("email", "bob@x")),
                upsert.items(), "one item per contact, the later value wins");
        assertEquals(List.of(List.of(first, second), List.of(other)), upsert.messages());
        assertEquals("order_completed", calls.get(1).eventName());
        assertEquals(List.of("t1", "t3"), calls.get(1).items().stream().map(t -> ((Map<?, ?>) t).get("triggerId")).toList(),
                "one call per event, the triggers in their order");
        assertEquals("77", calls.get(2).eventId());
    }

    @Test
    void whatTheSinkCannotSendIsRefusedFirstCarryingItsMessage() {
        Map<String, Object> unknownType = message("{\"type\":\"purchase\",\"messageId\":\"r-1\"}");
        Map<String, Object> unmapped = message("{\"type\":\"track\",\"messageId\":\"r-2\",\"userId\":\"u\",\"event\":\"Cart Viewed\"}");
        Map<String, Object> stranger = message("{\"type\":\"track\",\"messageId\":\"r-3\",\"anonymousId\":\"a\",\"event\":\"Order Completed\"}");
        Map<String, Object> alias = message("{\"type\":\"alias\",\"messageId\":\"r-4\",\"previousId\":\"p\",\"userId\":\"q\"}");
        Map<String, Object> noKey = message("{\"type\":\"identify\",\"messageId\":\"r-5\",\"anonymousId\":\"a\",\"traits\":{\"firstName\":\"X\"}}");
        Map<String, Object> noGroup = message("{\"type\":\"group\",\"messageId\":\"r-6\",\"userId\":\"u\"}");
        List<SegmentCall> calls = calls(List.of(unknownType, unmapped, stranger, alias, noKey, noGroup),
                null, "ann@x", null, null, null, "ann@x");

        assertEquals(1, calls.size(), "nothing is sent: " + calls);
        SegmentCall refused = calls.get(0);
        assertEquals(SegmentCall.REFUSED, refused.kind());
        List<EmarsysFailedItem> items = refused.refusals();
        assertEquals(List.of(unknownType, alias, noKey, noGroup, unmapped, stranger),
                items.stream().map(EmarsysFailedItem::item).toList());
        assertTrue(items.stream().allMatch(i -> i.replyCode() == -1));
        assertEquals("r-1", items.get(0).key());
        assertTrue(items.get(0).replyText().contains("Unknown Segment message type 'purchase'"), items.get(0).replyText());
        assertTrue(items.get(1).replyText().startsWith("alias: neither previousId nor userId is linked"), items.get(1).replyText());
        assertEquals("identify without traits.email for an unknown user", items.get(2).replyText());
        assertEquals("group: no groupId", items.get(3).replyText());
        assertTrue(items.get(4).replyText().contains("The event 'Cart Viewed' is not mapped"), items.get(4).replyText());
        assertTrue(items.get(5).replyText().contains("not linked to a contact yet"), items.get(5).replyText());

        translation.getSettings().setUnmappedEvents("skip");
        assertTrue(calls(List.of(unmapped), "ann@x").isEmpty(), "unmappedEvents=skip leaves the event out");
    }

    @Test
    void nullTraitsClearTheFieldUnlessWriteNullTraitsIsOff() {
        Map<String, Object> identify = message("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":null,\"lastName\":\"L\"}}");
        assertEquals(Arrays.asList("ann@x", null, "L"), new ArrayList<>(contact(calls(List.of(identify), "ann@x")).values()));
        translation.getSettings().setWriteNullTraits(false);
        assertEquals(Map.of("email", "ann@x", "Last Name", "L"), contact(calls(List.of(identify), "ann@x")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contact(List<SegmentCall> calls) {
        assertEquals(SegmentCall.UPSERT, calls.get(0).kind());
        return (Map<String, Object>) calls.get(0).items().get(0);
    }

    @Test
    void eventDataIsThePropertiesOrWrappedAsGlobal() {
        Map<String, Object> track = message("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\","
                + "\"properties\":{\"n\":1}}");
        assertEquals(Map.of("n", 1), trigger(calls(List.of(track), "ann@x")).get("data"));
        translation.getSettings().setEventData("global");
        assertEquals(Map.of("global", Map.of("n", 1)), trigger(calls(List.of(track), "ann@x")).get("data"));
        translation.getSettings().setEventData("wrapped");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> calls(List.of(track), "ann@x"));
        assertTrue(e.getMessage().startsWith("eventData=wrapped is not a data shape: use properties"), e.getMessage());
    }

    private static Map<?, ?> trigger(List<SegmentCall> calls) {
        assertEquals(SegmentCall.TRIGGER, calls.get(0).kind());
        return (Map<?, ?>) calls.get(0).items().get(0);
    }

    @Test
    void pathsFeedFieldsFromAnyCallAndEachActionHasItsOwnKey() {
        SegmentEventsSettings settings = translation.getSettings();
        settings.setFieldMapping("properties.plan=Company,context.traits.city=City");
        settings.setEventKeyField("3");
        settings.setEventKeyPath("context.traits.email");
        settings.setGroupKeyField("3");
        settings.setGroupKeyPath("context.traits.email");
        Map<String, Object> track = message("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\","
                + "\"properties\":{\"plan\":\"gold\"},\"context\":{\"traits\":{\"email\":\"ctx@x\",\"city\":\"Wien\"}}}");
        Map<String, Object> group = message("{\"type\":\"group\",\"anonymousId\":\"a\",\"groupId\":\"beta\","
                + "\"context\":{\"traits\":{\"email\":\"ctx@x\"}}}");
        Map<String, Object> badPath = message("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Order Completed\","
                + "\"properties\":{\"plan\":{\"name\":\"gold\"}}}");
        List<SegmentCall> calls = calls(List.of(track, group, badPath), "ann@x", null, "ann@x");

        assertEquals(1, calls.get(0).refusals().size(), "a refused message goes no further: " + calls.get(0));
        assertTrue(calls.get(0).refusals().get(0).replyText().startsWith("fieldMapping properties.plan=Company: the message "
                + "holds an object there"), calls.get(0).refusals().toString());
        assertSame(badPath, calls.get(0).refusals().get(0).item());
        assertEquals("upsert email - [{email=ann@x, Company=gold, City=Wien}]", summary(calls.get(1)));
        assertEquals("listAdd 3 listName=segment-group-beta [ctx@x]", summary(calls.get(2)), "keyed by its path");
        assertEquals("trigger 3 eventName=order_completed [{key=ctx@x, data={plan=gold}}]", summary(calls.get(3)));
    }

    @Test
    void anActionKeyFieldOtherThanKeyFieldNeedsAPathAndSaysSo() {
        translation.getSettings().setEventKeyField("3");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> calls(List.of(), new String[0]));
        assertEquals("eventKeyField=3 differs from keyField=email, so the identity table (which holds email values) "
                + "cannot give its value: set eventKeyPath to the message path that holds the 3 value", e.getMessage());
    }

    @Test
    void audiencesJoinAndLeaveListsIdentifyStyleAndTrackStyle() {
        Map<String, Object> identify = message("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"frequent_buyers\":true,"
                + "\"lapsed_users\":false,\"Big Spenders\":true},\"context\":{\"personas\":{\"computation_key\":\"Big Spenders\"}}}");
        Map<String, Object> entered = message("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Entered\","
                + "\"properties\":{\"audience_key\":\"first_time_shopper\"}}");
        Map<String, Object> exited = message("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Exited\","
                + "\"context\":{\"personas\":{\"computation_key\":\"frequent_buyers\"}}}");
        Map<String, Object> nameless = message("{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Audience Entered\"}");
        List<SegmentCall> calls = calls(List.of(identify, entered, exited, nameless), "ann@x", "ann@x", "ann@x", "ann@x");

        assertTrue(calls.get(0).refusals().get(0).replyText().startsWith("Audience Entered: no properties.audience_key"));
        assertEquals(List.of("upsert email - [{email=ann@x}]",
                "listAdd email listName=frequent_buyers [ann@x]",
                "listRemove email listName=lapsed_users [ann@x]",
                "listAdd email listName=Big Spenders [ann@x]",
                "listAdd email listName=first_time_shopper [ann@x]",
                "listRemove email listName=frequent_buyers [ann@x]"),
                calls.subList(1, calls.size()).stream().map(SegmentTranslationTest::summary).toList(),
                "audience events trigger nothing unless mapped");
    }

    @Test
    void aRefusedItemIsTracedToEveryMessageThatMadeIt() {
        Map<String, Object> first = message("{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"email\":\"ann@x\"}}");
        Map<String, Object> second = message("{\"type\":\"identify\",\"userId\":\"u-1\",\"traits\":{\"firstName\":\"A\"}}");
        Map<String, Object> bob = message("{\"type\":\"identify\",\"userId\":\"u-2\",\"traits\":{\"email\":\"bob@x\"}}");
        SegmentCall upsert = calls(List.of(first, second, bob), "ann@x", "ann@x", "bob@x").get(0);

        // the component names the refused contact by the item it was given, or (for list calls) by its key
        Map<String, Object> refusedAnn = new HashMap<>(Map.of("email", "ann@x", "First Name", "A"));
        List<EmarsysFailedItem> traced = upsert.traced(List.of(new EmarsysFailedItem("ann@x", 2010, "bad", refusedAnn)));
        assertEquals(List.of(first, second), traced.stream().map(EmarsysFailedItem::item).toList());
        assertTrue(traced.stream().allMatch(i -> i.replyCode() == 2010 && "bad".equals(i.replyText())));
        assertEquals(List.of(bob), upsert.traced(List.of(new EmarsysFailedItem("bob@x", 2008, "x", "bob@x")))
                .stream().map(EmarsysFailedItem::item).toList(), "found by its key");
        assertEquals(3, upsert.refusedAll(1001, "call").size());
        assertTrue(upsert.traced(null).isEmpty());
        EmarsysFailedItem stranger = new EmarsysFailedItem("zed@x", 1, "?", "zed@x");
        assertSame(stranger, upsert.traced(List.of(stranger)).get(0), "an item that is not ours is passed on");
    }

    @Test
    void anUnknownUnmappedEventsChoiceIsRefused() {
        translation.getSettings().setUnmappedEvents("drop");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> calls(List.of(), new String[0]));
        assertTrue(e.getMessage().startsWith("unmappedEvents=drop is not a choice"), e.getMessage());
    }
}
