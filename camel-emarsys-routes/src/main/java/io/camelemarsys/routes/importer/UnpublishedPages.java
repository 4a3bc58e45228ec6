package io.camelemarsys.routes.importer;

import java.util.List;

/**
 * The profiles left unpublished (by an earlier run that stopped between a chunk's commit and its publishing, or whose
 * publishing failed), a page at a time in the order of their ids; each page is read when the split asks for it.
 */
final class UnpublishedPages extends Batches<ProfileStore.Stored> {

    static final int PAGE = 1000;

    private final ProfileStore store;
    private String after = "";

    UnpublishedPages(ProfileStore store) {
        this.store = store;
    }

    @Override
    List<ProfileStore.Stored> read() {
        List<ProfileStore.Stored> page = store.unpublishedPage(after, PAGE);
        if (!page.isEmpty()) {
            after = page.get(page.size() - 1).profile().profileId;
        }
        return page;
    }
}
