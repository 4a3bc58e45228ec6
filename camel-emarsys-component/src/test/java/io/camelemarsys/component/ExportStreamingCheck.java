package io.camelemarsys.component;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import io.camelemarsys.component.export.ExportRows;

/**
 * Run in a JVM of its own with a capped heap: streams a whole segment export through the component and prints
 * {@code RESULT export-stream rows=.. seconds=.. rows_per_s=.. heap_peak_mb=.. heap_max_mb=..}.
 * Arguments: base URL, username, secret, page size.
 */
public final class ExportStreamingCheck {

    private ExportStreamingCheck() {
    }

    public static void main(String[] args) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            EmarsysComponent emarsys = new EmarsysComponent();
            emarsys.getConfiguration().setBaseUrl(args[0]);
            emarsys.getConfiguration().setUsername(args[1]);
            emarsys.getConfiguration().setSecret(args[2]);
            emarsys.getConfiguration().setRateLimitMaxWait(0);
            context.addComponent("emarsys", emarsys);
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> segments = template.requestBody("emarsys:segment/list", null, List.class);
            String segmentId = segments.get(0).get("id").toString();
            long started = System.nanoTime();
            long rows = 0;
            try (ExportRows export = template.requestBody("emarsys:export/segment?pollInterval=200&pageSize=" + args[3]
                    + "&fields=email,First Name,Last Name,optin,gender,city&segmentId=" + segmentId, null,
                    ExportRows.class)) {
                while (export.hasNext()) {
                    Map<String, Object> row = export.next();
                    if (row.get("email") == null) {
                        throw new IllegalStateException("row " + rows + " has no e-mail");
                    }
                    rows++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.printf("RESULT export-stream rows=%d seconds=%.1f rows_per_s=%.0f heap_peak_mb=%d heap_max_mb=%d%n",
                    rows, seconds, rows / seconds, peak / (1024 * 1024), Runtime.getRuntime().maxMemory() / (1024 * 1024));
        }
    }
}
