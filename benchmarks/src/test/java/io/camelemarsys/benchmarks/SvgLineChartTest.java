package io.camelemarsys.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import io.camelemarsys.benchmarks.SvgLineChart.Axis;
import io.camelemarsys.benchmarks.SvgLineChart.Point;
import io.camelemarsys.benchmarks.SvgLineChart.Series;

class SvgLineChartTest {

    private static final String SVG = "http://www.w3.org/2000/svg";

    @Test
    void drawsBothSeriesOnTheirOwnAxesAsWellFormedSvg() throws Exception {
        String svg = new SvgLineChart("import <1M rows> & heap", "seconds", "rows/s", "heap MB").render(List.of(
                new Series("rows/s", Axis.LEFT, List.of(new Point(0, 0), new Point(5, 50), new Point(10, 100))),
                new Series("heap MB", Axis.RIGHT, List.of(new Point(0, 20), new Point(10, 40)))));
        Document doc = parse(svg);

        assertEquals("svg", doc.getDocumentElement().getLocalName());
        assertEquals(SVG, doc.getDocumentElement().getNamespaceURI());
        assertEquals("import <1M rows> & heap", doc.getElementsByTagNameNS(SVG, "title").item(0).getTextContent());
        NodeList lines = doc.getElementsByTagNameNS(SVG, "polyline");
        assertEquals(2, lines.getLength());
        // x: 0..10 over 90..710 px; left y: 0..100 over 360..60 px
        assertEquals(List.of("90.0,360.0", "400.0,210.0", "710.0,60.0"), points((Element) lines.item(0)));
        assertEquals("left", ((Element) lines.item(0)).getAttribute("data-axis"));
        // right y: its own scale, 0..40 over 360..60 px, so 20 MB sits half way up
        assertEquals(List.of("90.0,210.0", "710.0,60.0"), points((Element) lines.item(1)));
        assertEquals("right", ((Element) lines.item(1)).getAttribute("data-axis"));
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), texts(doc, "left-tick"));
        assertEquals(List.of("0", "8", "16", "24", "32", "40"), texts(doc, "right-tick"));
        assertEquals(List.of("0", "2", "4", "6", "8", "10"), texts(doc, "x-tick"));
        assertEquals(List.of("seconds"), texts(doc, "x-label"));
        assertEquals(List.of("rows/s"), texts(doc, "left-label"));
        assertEquals(List.of("heap MB"), texts(doc, "right-label"));
    }

    @Test
    void withoutARightSeriesThereIsNoRightAxisAndAnEmptyRunStillRenders() throws Exception {
        Document one = parse(new SvgLineChart("upsert", "s", "records/s", "unused").render(List.of(
                new Series("ours, limited", Axis.LEFT, List.of(new Point(1, 16_400), new Point(2, 16_700))))));
        assertEquals(List.of(), texts(one, "right-label"));
        assertEquals(List.of(), texts(one, "right-tick"));
        assertEquals("20,000", texts(one, "left-tick").get(5));

        Document empty = parse(new SvgLineChart("nothing", "s", "records/s", null).render(List.of(
                new Series("no samples", Axis.LEFT, List.of()))));
        assertEquals("", ((Element) empty.getElementsByTagNameNS(SVG, "polyline").item(0)).getAttribute("points"));
    }

    @Test
    void roundsAxesUpToARoundNumberCloseAbove() {
        assertEquals(1, SvgLineChart.roundUp(0));
        assertEquals(1, SvgLineChart.roundUp(1));
        assertEquals(20_000, SvgLineChart.roundUp(16_667));
        assertEquals(1_200, SvgLineChart.roundUp(1_112.6));
        assertEquals(40, SvgLineChart.roundUp(40));
        assertEquals(60, SvgLineChart.roundUp(51));
        assertEquals(0.3, SvgLineChart.roundUp(0.3), 1e-12);
    }

    @Test
    void samplesBecomeRatesPerIntervalAndSurviveTheirLine() {
        List<RunSampler.Sample> samples = List.of(new RunSampler.Sample(0, 0, 10), new RunSampler.Sample(1, 1_000, 12),
                new RunSampler.Sample(3, 5_000, 30));
        assertEquals(List.of(new Point(1, 1_000), new Point(3, 2_000)), RunSampler.rates(samples));
        assertEquals(List.of(new Point(0, 10), new Point(1, 12), new Point(3, 30)), RunSampler.heap(samples));
        RunSampler.Sample sample = new RunSampler.Sample(2.5, 123_456, 87);
        assertEquals(sample, RunSampler.Sample.parse(sample.line()).orElseThrow());
        assertTrue(RunSampler.Sample.parse("RESULT import rows=1").isEmpty());
    }

    private static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> points(Element polyline) {
        return List.of(polyline.getAttribute("points").split(" "));
    }

    private static List<String> texts(Document doc, String cssClass) {
        List<String> found = new ArrayList<>();
        NodeList texts = doc.getElementsByTagNameNS(SVG, "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            if (text.getAttribute("class").equals(cssClass)) {
                found.add(text.getTextContent());
            }
        }
        return found;
    }
}
