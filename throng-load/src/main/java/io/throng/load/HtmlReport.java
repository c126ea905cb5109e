package io.throng.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;
import org.HdrHistogram.Histogram;

/**
 * The self-contained HTML report ({@code --html FILE}): the summary plus three inline-SVG plots — latency over
 * time, throughput over time, and the percentile distribution (corrected and uncorrected) on the usual
 * {@code 1/(1-p)} log axis. No scripts, no external URLs: the file can be mailed or archived as is.
 */
public final class HtmlReport {
    private static final int W = 760;
    private static final int H = 280;
    private static final int PAD_L = 70;
    private static final int PAD_R = 20;
    private static final int PAD_T = 30;
    private static final int PAD_B = 40;

    private record Series(String name, String color, double[] x, double[] y) {}

    /** The report as an HTML document. */
    public static String render(LoadReport r, List<String> violations) {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>throng load: ")
                .append(escape(r.target())).append("</title>\n<style>body{font-family:sans-serif;margin:2em;}"
                        + "pre{background:#f6f6f6;padding:1em;} svg{display:block;margin:1em 0;}"
                        + " .fail{color:#b00;font-weight:bold}</style></head><body>\n");
        sb.append("<h1>throng load</h1>\n");
        if (!violations.isEmpty()) {
            sb.append("<p class=\"fail\">FAILED: ").append(escape(String.join("; ", violations))).append("</p>\n");
        }
        sb.append("<pre>").append(escape(Summary.render(r, violations))).append("</pre>\n");
        List<Interval> t = r.timeline();
        double[] sec = new double[t.size()];
        double[] p50 = new double[t.size()];
        double[] p99 = new double[t.size()];
        double[] max = new double[t.size()];
        double[] rps = new double[t.size()];
        for (int i = 0; i < t.size(); i++) {
            sec[i] = t.get(i).second() + 1;
            p50[i] = t.get(i).p50Micros() / 1e3;
            p99[i] = t.get(i).p99Micros() / 1e3;
            max[i] = t.get(i).maxMicros() / 1e3;
            rps[i] = t.get(i).requests();
        }
        sb.append(chart("Latency over time (from intended send time)", "second", "ms", false,
                List.of(new Series("p50", "#1f77b4", sec, p50), new Series("p99", "#d62728", sec, p99),
                        new Series("max", "#7f7f7f", sec, max)), x -> String.format(Locale.ROOT, "%.0f", x)));
        sb.append(chart("Responses per second", "second", "req/s", false,
                List.of(new Series("responses", "#2ca02c", sec, rps)), x -> String.format(Locale.ROOT, "%.0f", x)));
        List<Series> dist = new ArrayList<>();
        dist.add(distribution("latency", "#d62728", r.latency()));
        if (r.shape().open()) {
            dist.add(distribution("uncorrected", "#1f77b4", r.uncorrected()));
        }
        sb.append(chart("Latency by percentile", "percentile", "ms", true, dist, HtmlReport::percentileLabel));
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /** Percentile curve: x = log10(1/(1-p)), so 90%, 99%, 99.9% are evenly spaced. */
    private static Series distribution(String name, String color, Histogram h) {
        double[] ps = {0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};
        List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() > 0) {
            for (double p : ps) {
                points.add(new double[] {Math.log10(1 / (1 - p / 100)), h.getValueAtPercentile(p) / 1e3});
            }
            points.add(new double[] {5.3, h.getMaxValue() / 1e3});
        }
        double[] x = new double[points.size()];
        double[] y = new double[points.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = points.get(i)[0];
            y[i] = points.get(i)[1];
        }
        return new Series(name, color, x, y);
    }

    private static String percentileLabel(double x) {
        double p = 100 * (1 - Math.pow(10, -x));
        return x > 5.2 ? "max" : String.format(Locale.ROOT, p >= 99.9 ? "%.3f%%" : "%.0f%%", p);
    }

    private static String chart(String title, String xLabel, String yLabel, boolean decadeTicks, List<Series> series,
            DoubleFunction<String> xFormat) {
        double xMin = Double.MAX_VALUE;
        double xMax = -Double.MAX_VALUE;
        double yMax = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                yMax = Math.max(yMax, s.y()[i]);
            }
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
        }
        if (xMax == xMin) {
            xMax = xMin + 1;
        }
        yMax = niceCeiling(yMax);
        double fx0 = xMin;
        double fx1 = xMax;
        double fy = yMax;
        DoubleFunction<Double> px = x -> PAD_L + (x - fx0) / (fx1 - fx0) * (W - PAD_L - PAD_R);
        DoubleFunction<Double> py = y -> H - PAD_B - y / fy * (H - PAD_T - PAD_B);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-size=\"11\">%n", W, H));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"18\" font-size=\"14\">%s</text>%n", PAD_L,
                escape(title)));
        sb.append(String.format(Locale.ROOT,
                "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n", PAD_L, PAD_T,
                W - PAD_L - PAD_R, H - PAD_T - PAD_B));
        for (int i = 0; i <= 4; i++) {
            double y = fy * i / 4;
            sb.append(String.format(Locale.ROOT,
                    "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    PAD_L, W - PAD_R, py.apply(y), py.apply(y), PAD_L - 5, py.apply(y) + 4, number(y)));
        }
        List<Double> ticks = new ArrayList<>();
        if (decadeTicks) {
            for (int d = 0; d <= 5 && d <= xMax; d++) {
                ticks.add((double) d);
            }
        } else {
            double step = Math.max(1, Math.ceil((xMax - xMin) / 10));
            for (double x = Math.ceil(xMin); x <= xMax; x += step) {
                ticks.add(x);
            }
        }
        for (double x : ticks) {
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    px.apply(x), H - PAD_B + 15, escape(xFormat.apply(x))));
        }
        sb.append(String.format(Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>"
                        + "<text x=\"14\" y=\"%d\" transform=\"rotate(-90 14 %d)\" text-anchor=\"middle\">%s</text>%n",
                (W + PAD_L) / 2, H - 8, escape(xLabel), H / 2, H / 2, escape(yLabel)));
        int legend = 0;
        for (Series s : series) {
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < s.x().length; i++) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", px.apply(s.x()[i]), py.apply(s.y()[i])));
            }
            sb.append(String.format(Locale.ROOT,
                    "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"%s\"/>%n", s.color(), points));
            sb.append(String.format(Locale.ROOT,
                    "<text x=\"%d\" y=\"%d\" fill=\"%s\" text-anchor=\"end\">%s</text>%n", W - PAD_R - 5,
                    PAD_T + 15 + 14 * legend++, s.color(), escape(s.name())));
        }
        sb.append("</svg>\n");
        return sb.toString();
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    private static String number(double v) {
        return v >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private HtmlReport() {}
}
