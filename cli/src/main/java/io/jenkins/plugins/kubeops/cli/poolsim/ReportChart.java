package io.jenkins.plugins.kubeops.cli.poolsim;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG chart of reports: one panel per report, with mean, p95 and p99 queue wait per strategy as bars on a logarithmic
 * axis (the baselines' waits are orders of magnitude above the greedy oracle's). Plain Java2D, no chart library.
 */
public final class ReportChart {

    static final int PANEL_WIDTH = 560;
    static final int HEIGHT = 470;
    private static final int TOP = 70;
    private static final int BOTTOM = 80;
    private static final int LEFT = 60;
    private static final int RIGHT = 15;
    private static final double MIN_SECONDS = 1;
    private static final Color[] METRIC_COLORS = {new Color(0x4C78A8), new Color(0xF58518), new Color(0xE45756)};
    private static final String[] METRICS = {"mean", "p95", "p99"};

    private ReportChart() {
    }

    public static void write(List<SimulationReport> reports, Path file) {
        BufferedImage image = render(reports);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the chart to " + file + ": " + e.getMessage(), e);
        }
    }

    static BufferedImage render(List<SimulationReport> reports) {
        if (reports.isEmpty()) {
            throw new IllegalArgumentException("a chart needs at least one report");
        }
        BufferedImage image = new BufferedImage(PANEL_WIDTH * reports.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            double maxSeconds = MIN_SECONDS * 10;
            for (SimulationReport report : reports) {
                for (RunResult result : report.results()) {
                    maxSeconds = Math.max(maxSeconds, result.waits().p99Seconds());
                }
            }
            double top = Math.pow(10, Math.ceil(Math.log10(maxSeconds)));
            for (int i = 0; i < reports.size(); i++) {
                panel(g, reports.get(i), i * PANEL_WIDTH, top);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void panel(Graphics2D g, SimulationReport report, int x0, double topSeconds) {
        int plotLeft = x0 + LEFT;
        int plotRight = x0 + PANEL_WIDTH - RIGHT;
        int plotTop = TOP;
        int plotBottom = HEIGHT - BOTTOM;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Queue wait, " + report.scenario().name() + " (seed " + report.seed() + ")", plotLeft, 22);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int m = 0; m < METRICS.length; m++) {
            int lx = plotLeft + m * 70;
            g.setColor(METRIC_COLORS[m]);
            g.fillRect(lx, 34, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(METRICS[m], lx + 16, 45);
        }
        g.drawString("seconds, log scale", plotLeft + 220, 45);
        for (double tick = MIN_SECONDS; tick <= topSeconds; tick *= 10) {
            int y = y(tick, topSeconds, plotTop, plotBottom);
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(plotLeft, y, plotRight, y);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", tick);
            g.drawString(label, plotLeft - 8 - g.getFontMetrics().stringWidth(label), y + 4);
        }
        List<RunResult> results = report.results();
        double groupWidth = (double) (plotRight - plotLeft) / results.size();
        int barWidth = (int) (groupWidth / (METRICS.length + 1));
        for (int s = 0; s < results.size(); s++) {
            RunResult.WaitStats waits = results.get(s).waits();
            double[] values = {waits.meanSeconds(), waits.p95Seconds(), waits.p99Seconds()};
            int groupLeft = (int) (plotLeft + s * groupWidth + barWidth / 2.0);
            for (int m = 0; m < values.length; m++) {
                int y = y(Math.max(MIN_SECONDS, values[m]), topSeconds, plotTop, plotBottom);
                g.setColor(METRIC_COLORS[m]);
                g.fillRect(groupLeft + m * barWidth, y, barWidth - 1, plotBottom - y);
            }
            g.setColor(Color.BLACK);
            centered(g, results.get(s).strategy().title(), (int) (plotLeft + (s + 0.5) * groupWidth), plotBottom + 16,
                    (int) groupWidth - 4);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawLine(plotLeft, plotBottom, plotRight, plotBottom);
        g.drawLine(plotLeft, plotTop, plotLeft, plotBottom);
    }

    private static int y(double seconds, double topSeconds, int plotTop, int plotBottom) {
        double share = (Math.log10(seconds) - Math.log10(MIN_SECONDS)) / (Math.log10(topSeconds) - Math.log10(MIN_SECONDS));
        return (int) Math.round(plotBottom - share * (plotBottom - plotTop));
    }

    /** Draws {@code text} centred under a bar group, wrapping at spaces to fit {@code width}. */
    private static void centered(Graphics2D g, String text, int centerX, int y, int width) {
        FontMetrics metrics = g.getFontMetrics();
        StringBuilder line = new StringBuilder();
        int lineY = y;
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (metrics.stringWidth(candidate) > width && line.length() > 0) {
                g.drawString(line.toString(), centerX - metrics.stringWidth(line.toString()) / 2, lineY);
                lineY += metrics.getHeight();
                line = new StringBuilder(word);
            } else {
                line = new StringBuilder(candidate);
            }
        }
        g.drawString(line.toString(), centerX - metrics.stringWidth(line.toString()) / 2, lineY);
    }
}
