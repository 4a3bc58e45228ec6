package io.camelemarsys.routes.importer;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/** Batches read one at a time, as a split asks for them; an empty batch is the end. */
abstract class Batches<T> implements Iterator<List<T>> {

    private List<T> next;

    /** The next batch, empty when there is none. */
    abstract List<T> read();

    @Override
    public final boolean hasNext() {
        if (next == null) {
            next = read();
        }
        return !next.isEmpty();
    }

    @Override
    public final List<T> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more batches");
        }
        List<T> batch = next;
        next = null;
        return batch;
    }
}
