package io.camelemarsys.component.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.camelemarsys.component.EmarsysApiException;
import io.camelemarsys.component.internal.CsvReader;

/**
 * The rows of one or more finished exports as a lazy, closeable Iterator of Maps: pages of pageSize rows are
 * downloaded only as the iterator is consumed, so {@code split(body()).streaming()} never holds an export in memory.
 * Several parts (more than 20 fields) are read in lockstep and joined on their key column; a row whose keys differ
 * between parts fails rather than joining wrong data. Progress (rows, rows per second) is logged every 10 seconds.
 * <p>
 * The body of the export operations ({@code emarsys:export/segment}, {@code export/contactlist},
 * {@code export/changes} with {@code outputType=rows}); close it when done with it (try-with-resources), or read it
 * to the end.
 */
public final class ExportRows implements Iterator<Map<String, Object>>, Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(ExportRows.class);
    private static final long PROGRESS_EVERY_NANOS = 10_000_000_000L;

    /**
     * One export and how to name its columns: user_id first for changes exports ({@code userIdColumn}), then the
     * fields in order ({@code keys}); {@code joinColumn} is the key field's column, by which parts are joined.
     */
    public record Part(String exportId, boolean userIdColumn, List<String> keys, int joinColumn) {
    }

    /** Downloads one page of a finished export: the CSV of {@code limit} rows from {@code offset}, header first. */
    @FunctionalInterface
    public interface PageSource {
        InputStream page(String exportId, long offset, int limit) throws EmarsysApiException;
    }

    private final PageSource pages;
    private final List<Part> parts;
    private final int pageSize;
    private final List<PartReader> readers = new ArrayList<>();
    private Map<String, Object> nextRow;
    private long rows;
    private final long started = System.nanoTime();
    private long lastProgress = System.nanoTime();

    /** The rows of these exports (one, or the parts of one wide export), read page by page from {@code pages}. */
    public ExportRows(PageSource pages, List<Part> parts, int pageSize) {
        this.pages = pages;
        this.parts = parts;
        this.pageSize = Math.max(1, pageSize);
        for (Part part : parts) {
            readers.add(new PartReader(part));
        }
    }

    /** Rows handed out so far. */
    public long rowsRead() {
        return rows;
    }

    @Override
    public boolean hasNext() {
        if (nextRow == null) {
            nextRow = read();
        }
        return nextRow != null;
    }

    @Override
    public Map<String, Object> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more export rows");
        }
        Map<String, Object> row = nextRow;
        nextRow = null;
        rows++;
        if (System.nanoTime() - lastProgress > PROGRESS_EVERY_NANOS) {
            lastProgress = System.nanoTime();
            double seconds = (lastProgress - started) / 1e9;
            LOG.info("Export {}: {} rows read, {} rows/s", parts.get(0).exportId(), rows, Math.round(rows / seconds));
        }
        return row;
    }

    private Map<String, Object> read() {
        Map<String, Object> joined = null;
        String joinKey = null;
        for (PartReader reader : readers) {
            List<String> cells = reader.nextRecord();
            if (cells == null) {
                if (joined != null) {
                    throw new IllegalStateException("Export parts end at different rows; the joined export is incomplete");
                }
                return null;
            }
            if (joined == null) {
                joined = new LinkedHashMap<>();
            }
            Part part = reader.part;
            int column = 0;
            if (part.userIdColumn()) {
                joined.put("id", cells.get(column++));
            }
            for (String key : part.keys()) {
                String value = column < cells.size() ? cells.get(column) : "";
                joined.put(key, value.isEmpty() ? null : value);
                column++;
            }
            if (parts.size() > 1) {
                String key = cells.get(part.joinColumn() + (part.userIdColumn() ? 1 : 0));
                if (joinKey != null && !Objects.equals(joinKey, key)) {
                    throw new IllegalStateException("Export parts are not in the same row order (row " + (rows + 1)
                            + "); cannot join them by key");
                }
                joinKey = key;
            }
        }
        return joined;
    }

    @Override
    public void close() {
        for (PartReader reader : readers) {
            reader.closePage();
        }
    }

    /** Reads the pages of one export, skipping the header row each page starts with. */
    private final class PartReader {
        private final Part part;
        private CsvReader page;
        private long offset;
        private int rowsInPage;
        private boolean lastPage;
        private List<String> header;

        PartReader(Part part) {
            this.part = part;
        }

        List<String> nextRecord() {
            try {
                while (true) {
                    if (page == null) {
                        if (lastPage) {
                            return null;
                        }
                        openPage();
                    }
                    List<String> cells = page.next();
                    if (cells == null || (cells.size() == 1 && cells.get(0).isEmpty())) {
                        closePage();
                        lastPage = rowsInPage < pageSize;
                        offset += rowsInPage;
                        continue;
                    }
                    if (header == null) {
                        header = cells;
                        continue;
                    }
                    if (rowsInPage == 0 && cells.equals(header)) {
                        continue; // the header repeats on every page
                    }
                    rowsInPage++;
                    return cells;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Reading export " + part.exportId() + " failed", e);
            }
        }

        private void openPage() {
            try {
                page = new CsvReader(new InputStreamReader(pages.page(part.exportId(), offset, pageSize),
                        StandardCharsets.UTF_8), ',');
                rowsInPage = 0;
            } catch (EmarsysApiException e) {
                throw new IllegalStateException("Downloading export " + part.exportId() + " failed: " + e.getMessage(), e);
            }
        }

        void closePage() {
            if (page != null) {
                try {
                    page.close();
                } catch (IOException e) {
                    // closing anyway
                }
                page = null;
            }
        }
    }
}
