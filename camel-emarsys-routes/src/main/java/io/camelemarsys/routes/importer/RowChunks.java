package io.camelemarsys.routes.importer;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelemarsys.component.export.ExportRows;

/**
 * An export's rows as chunks to stitch, read as the split asks for them: only one chunk is held, whatever the export's
 * size. A changes export (all of the account's changed contacts) keeps only the rows of the source's members.
 */
final class RowChunks extends Batches<Stitcher.Row> {

    private final ExportRows rows;
    private final int size;
    private final Set<String> members;
    private final String emailField;
    private long skipped;

    /**
     * @param members the ids of the source's members, or null for an export of the source itself
     */
    RowChunks(ExportRows rows, int size, Set<String> members, String emailField) {
        this.rows = rows;
        this.size = size;
        this.members = members;
        this.emailField = emailField;
    }

    /** Rows of contacts that are not members (a changes export), left out so far. */
    long skipped() {
        return skipped;
    }

    @Override
    List<Stitcher.Row> read() {
        List<Stitcher.Row> chunk = new ArrayList<>(size);
        while (chunk.size() < size && rows.hasNext()) {
            Map<String, Object> row = rows.next();
            if (members != null && !members.contains(String.valueOf(row.get("id")))) {
                skipped++;
                continue;
            }
            // the contact's e-mail stands for the contact: a profile's contacts are the e-mails the opt-in goes back to
            String email = ContactKeys.email(row.get(emailField));
            row.remove("id");
            chunk.add(new Stitcher.Row(email, row));
        }
        return chunk;
    }
}
