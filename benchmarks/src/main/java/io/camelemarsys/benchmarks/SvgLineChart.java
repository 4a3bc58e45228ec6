package io.camelemarsys.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A line chart as a standalone SVG document, written by hand so the harness needs no charting library: a title, an x
 * axis, a left y axis and, when a series asks for it, a right y axis with its own scale (heap next to a rate). Every
 * axis starts at 0 and ends at a round number above the largest value.
 */
final class SvgLineChart {

    enum Axis { LEFT, RIGHT }

    record Point(double x, double y) {
    }

    record Series(String name, Axis axis, List<Point> points) {
    }

    static final int WIDTH = 800;
    static final int HEIGHT = 420;
    static final int LEFT = 90;
    static final int RIGHT = WIDTH - 90;
    static final int TOP = 60;
    static final int BOTTOM = HEIGHT - 60;
    private static final int TICKS = 5;
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd"};

    private final String title;
    private final String xLabel;
    private final String leftLabel;
    private final String rightLabel;

    /** {@code rightLabel} names the right axis; it is drawn only when a series uses it. */
    SvgLineChart(String title, String xLabel, String leftLabel, String rightLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.leftLabel = leftLabel;
        this.rightLabel = rightLabel;
    }

    String render(List<Series> series) {
        double xMax = roundUp(max(series, null, true));
        double leftMax = roundUp(max(series, Axis.LEFT, false));
        double rightMax = roundUp(max(series, Axis.RIGHT, false));
        boolean right = series.stream().anyMatch(s -> s.axis() == Axis.RIGHT);
        StringBuilder svg = new StringBuilder();
        svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                        + "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT))
                .append("<title>").append(escape(title)).append("</title>\n")
                .append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT))
                .append(text("title", WIDTH / 2.0, 24, "middle", 0, title, "font-size=\"16\" font-weight=\"bold\""));
        for (int i = 0; i <= TICKS; i++) {
            double fraction = (double) i / TICKS;
            double y = BOTTOM - fraction * (BOTTOM - TOP);
            double x = LEFT + fraction * (RIGHT - LEFT);
            svg.append(line(LEFT, y, RIGHT, y, "#e0e0e0"))
                    .append(text("left-tick", LEFT - 6, y + 4, "end", 0, number(fraction * leftMax), ""))
                    .append(text("x-tick", x, BOTTOM + 18, "middle", 0, number(fraction * xMax), ""));
            if (right) {
                svg.append(text("right-tick", RIGHT + 6, y + 4, "start", 0, number(fraction * rightMax), ""));
            }
        }
        svg.append(line(LEFT, BOTTOM, RIGHT, BOTTOM, "black")).append(line(LEFT, TOP, LEFT, BOTTOM, "black"))
                .append(text("x-label", (LEFT + RIGHT) / 2.0, HEIGHT - 20, "middle", 0, xLabel, ""))
                .append(text("left-label", 24, (TOP + BOTTOM) / 2.0, "middle", -90, leftLabel, ""));
        if (right) {
            svg.append(line(RIGHT, TOP, RIGHT, BOTTOM, "black"))
                    .append(text("right-label", WIDTH - 24, (TOP + BOTTOM) / 2.0, "middle", 90, rightLabel, ""));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            String colour = COLOURS[i % COLOURS.length];
            double yMax = s.axis() == Axis.LEFT ? leftMax : rightMax;
            List<String> points = new ArrayList<>();
            for (Point p : s.points()) {
                points.add(coordinate(LEFT + p.x() / xMax * (RIGHT - LEFT)) + ","
                        + coordinate(BOTTOM - p.y() / yMax * (BOTTOM - TOP)));
            }
            svg.append(String.format("<polyline class=\"series\" id=\"series-%d\" data-axis=\"%s\" fill=\"none\" "
                    + "stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"><title>%s</title></polyline>%n", i,
                    s.axis().name().toLowerCase(Locale.ROOT), colour, String.join(" ", points), escape(s.name())));
            double legendX = LEFT + 10 + i * 220;
            svg.append(line(legendX, TOP - 14, legendX + 24, TOP - 14, colour))
                    .append(text("legend", legendX + 30, TOP - 10, "start", 0,
                            s.name() + (right ? " (" + s.axis().name().toLowerCase(Locale.ROOT) + " axis)" : ""), ""));
        }
        return svg.append("</svg>\n").toString();
    }

    /** The largest x (or y on {@code axis}) over the series; 0 when there is none. */
    private static double max(List<Series> series, Axis axis, boolean x) {
        return series.stream().filter(s -> x || s.axis() == axis).flatMap(s -> s.points().stream())
                .mapToDouble(p -> x ? p.x() : p.y()).max().orElse(0);
    }

    /**
     * The smallest 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten at or above {@code value} (1 for nothing to
     * show): close enough that the lines fill the chart, round enough that the five ticks read well.
     */
    static double roundUp(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
            if (step * power >= value * (1 - 1e-12)) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String line(double x1, double y1, double x2, double y2, String colour) {
        return "<line x1=\"" + coordinate(x1) + "\" y1=\"" + coordinate(y1) + "\" x2=\"" + coordinate(x2) + "\" y2=\""
                + coordinate(y2) + "\" stroke=\"" + colour + "\"/>\n";
    }

    private static String text(String cssClass, double x, double y, String anchor, int rotate, String content,
            String extra) {
        String rotation = rotate == 0 ? "" : " transform=\"rotate(" + rotate + " " + coordinate(x) + " " + coordinate(y) + ")\"";
        return "<text class=\"" + cssClass + "\" x=\"" + coordinate(x) + "\" y=\"" + coordinate(y) + "\" text-anchor=\""
                + anchor + "\"" + rotation + (extra.isEmpty() ? "" : " " + extra) + ">" + escape(content) + "</text>\n";
    }

    static String coordinate(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** 12,500 or 0.25: grouped integers, decimals only when the value has them. */
    private static String number(double value) {
        if (Math.abs(value - Math.rint(value)) < 1e-9) {
            return String.format(Locale.ROOT, "%,d", Math.round(value));
        }
        return String.format(Locale.ROOT, "%.2f", value).replaceAll("0+$", "");
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                default -> out.append(c < 0x20 ? ' ' : c); // control characters are not allowed in XML 1.0
            }
        }
        return out.toString();
    }
}
