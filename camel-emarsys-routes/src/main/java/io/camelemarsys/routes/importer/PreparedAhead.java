package io.camelemarsys.routes.importer;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A run's chunks, each prepared (its keys parsed and normalized, see {@link Stitcher#prepare}) on another thread
 * while the chunk before it is stitched and stored, so that both cores work. The chunks are still read from the
 * export on the caller's thread, in order; only the preparing moves. At most two chunks are held besides the one
 * being stitched.
 */
final class PreparedAhead implements Iterator<Stitcher.Prepared> {

    private final Iterator<List<Stitcher.Row>> chunks;
    private final Function<List<Stitcher.Row>, Stitcher.Prepared> prepare;
    private final ExecutorService executor;
    private Future<Stitcher.Prepared> ahead;

    PreparedAhead(Iterator<List<Stitcher.Row>> chunks, Function<List<Stitcher.Row>, Stitcher.Prepared> prepare,
                  ExecutorService executor) {
        this.chunks = chunks;
        this.prepare = prepare;
        this.executor = executor;
    }

    @Override
    public boolean hasNext() {
        return ahead != null || chunks.hasNext();
    }

    @Override
    public Stitcher.Prepared next() {
        Future<Stitcher.Prepared> current = ahead != null ? ahead : submit(chunks.next());
        ahead = chunks.hasNext() ? submit(chunks.next()) : null;
        return await(current);
    }

    private Future<Stitcher.Prepared> submit(List<Stitcher.Row> chunk) {
        return executor.submit(() -> prepare.apply(chunk));
    }

    private static Stitcher.Prepared await(Future<Stitcher.Prepared> prepared) {
        try {
            return prepared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            prepared.cancel(true);
            throw new IllegalStateException("Interrupted while a chunk of the export was prepared", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException("Preparing a chunk of the export failed: " + e.getCause(), e.getCause());
        }
    }
}
