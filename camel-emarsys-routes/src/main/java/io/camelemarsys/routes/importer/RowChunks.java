package io.camelemarsys.routes.importer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.camelemarsys.component.export.ExportRows;

/**
 * An export's rows as chunks to stitch, read as the split asks for them: only one chunk is held, whatever the export's
 * size. A changes export (all of the account's changed contacts) keeps only the rows of the source's members, looked
 * up in the store a chunk's worth of rows at a time; a chunk is the same as if the members were filtered row by row.
 */
final class RowChunks extends Batches<Stitcher.Row> {

    private final ExportRows rows;
    private final int size;
    private final ImportMembers members;
    private final String emailField;
    /** Rows of members read ahead of the chunk being made (fewer than two chunks' worth). */
    private final Deque<Map<String, Object>> kept = new ArrayDeque<>();
    private long skipped;

    /**
     * @param members the source's members (a changes export), or null for an export of the source itself
     */
    RowChunks(ExportRows rows, int size, ImportMembers members, String emailField) {
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
        if (members == null) {
            while (kept.size() < size && rows.hasNext()) {
                kept.add(rows.next());
            }
        } else {
            while (kept.size() < size && rows.hasNext()) {
                keepMembersOfNextRows();
            }
        }
        List<Stitcher.Row> chunk = new ArrayList<>(Math.min(size, kept.size()));
        while (chunk.size() < size && !kept.isEmpty()) {
            Map<String, Object> row = kept.removeFirst();
            // the contact's e-mail stands for the contact: a profile's contacts are the e-mails the opt-in goes back to
            String email = ContactKeys.email(row.get(emailField));
            row.remove("id");
            chunk.add(new Stitcher.Row(email, row));
        }
        return chunk;
    }

    /** Reads up to a chunk's worth of rows and keeps those of members, in order: one look-up in the store. */
    private void keepMembersOfNextRows() {
        List<Map<String, Object>> block = new ArrayList<>(size);
        Set<String> ids = new HashSet<>();
        while (block.size() < size && rows.hasNext()) {
            Map<String, Object> row = rows.next();
            block.add(row);
            ids.add(contactId(row));
        }
        Set<String> found = members.among(ids);
        for (Map<String, Object> row : block) {
            if (found.contains(contactId(row))) {
                kept.add(row);
            } else {
                skipped++;
            }
        }
    }

    /** The changes export's user_id column: the internal contact id, as the members replies list it. */
    private static String contactId(Map<String, Object> row) {
        return String.valueOf(row.get("id"));
    }
}
