package io.camelemarsys.component.operation;

import io.camelemarsys.component.EmarsysOperation;

/** Creates the operation behind each URI: one class per operation. */
public final class Operations {

    private Operations() {
    }

    public static Operation create(EmarsysOperation operation, OperationContext context) {
        switch (operation) {
            case CONTACT_UPSERT:
                return new ContactWrite(context, ContactWrite.Mode.UPSERT);
            case CONTACT_UPDATE:
                return new ContactWrite(context, ContactWrite.Mode.UPDATE);
            case CONTACT_CREATE:
                return new ContactWrite(context, ContactWrite.Mode.CREATE);
            case CONTACT_GET:
                return new ContactGet(context);
            case CONTACT_DELETE:
                return new ContactDelete(context);
            case CONTACT_CHECKIDS:
                return new ContactCheckIds(context);
            case FIELD_LIST:
                return new FieldList(context);
            case FIELD_CREATE:
                return new FieldCreate(context);
            case FIELD_CHOICES:
                return new FieldChoices(context);
            case EVENT_LIST:
                return new EventList(context);
            case EVENT_CREATE:
                return new EventCreate(context);
            case EVENT_TRIGGER:
                return new EventTrigger(context);
            case CONTACTLIST_LIST:
                return new ContactListList(context);
            case CONTACTLIST_CREATE:
                return new ContactListCreate(context);
            case CONTACTLIST_ADD:
                return new ContactListChange(context, true);
            case CONTACTLIST_REMOVE:
                return new ContactListChange(context, false);
            case CONTACTLIST_MEMBERS:
                return new ContactListMembers(context);
            case CONTACTLIST_COUNT:
                return new ContactListCount(context);
            case SEGMENT_LIST:
                return new SegmentList(context);
            case SEGMENT_COMBINED:
                return new SegmentCombined(context);
            case SEGMENT_MEMBERS:
                return new SegmentMembers(context);
            case SEGMENT_RUN:
                return new SegmentRun(context);
            case EXPORT_SEGMENT:
                return new ExportOperation(context, ExportOperation.Kind.SEGMENT);
            case EXPORT_CONTACTLIST:
                return new ExportOperation(context, ExportOperation.Kind.CONTACT_LIST);
            case EXPORT_CHANGES:
                return new ExportOperation(context, ExportOperation.Kind.CHANGES);
            case EXPORT_STATUS:
                return new ExportStatus(context);
            case EXPORT_DOWNLOAD:
                return new ExportDownload(context);
            case SETTINGS_GET:
                return new SettingsGet(context);
            case RAW_CALL:
                return new RawCall(context);
            default:
                throw new IllegalArgumentException("No producer for " + operation.uriPath());
        }
    }
}
