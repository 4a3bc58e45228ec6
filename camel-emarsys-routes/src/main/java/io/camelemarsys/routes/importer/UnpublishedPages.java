package io.camelemarsys.routes.importer;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The profiles left unpublished (by an earlier run that stopped between a chunk's commit and its publishing, or whose
 * publishing failed), a page at a time in the order of their ids; each page is read when the split asks for it.
 */
final class UnpublishedPages implements Iterator<List<ProfileStore.Stored>> {

    static final int PAGE = 1000;

    private final ProfileStore store;
    private String after = "";
    private List<ProfileStore.Stored> next;

    UnpublishedPages(ProfileStore store) {
        this.store = store;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            next = store.unpublishedPage(after, PAGE);
            if (!next.isEmpty()) {
                after = next.get(next.size() - 1).profile().profileId;
            }
        }
        return !next.isEmpty();
    }

    @Override
    public List<ProfileStore.Stored> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more unpublished profiles");
        }
        List<ProfileStore.Stored> page = next;
        next = null;
        return page;
    }
}
