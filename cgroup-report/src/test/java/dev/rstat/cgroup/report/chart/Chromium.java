package dev.rstat.cgroup.report.chart;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

/**
 * Runs headless Chromium (Debian package {@code chromium}) on a generated page: the DOM after its scripts ran
 * ({@code --dump-dom}) and a screenshot. Tests that use it skip when it is not installed.
 */
final class Chromium
{
    private static final Path[] CANDIDATES = {Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser")};
    private static final long TIMEOUT_SECONDS = 120;
    private static final Pattern MEASURED = Pattern.compile("<pre id=\"measured\">([^<]*)</pre>");

    private Chromium()
    {
    }

    /**
     * @return the Chromium binary; skips the calling test (a JUnit assumption) where none is installed.
     */
    static Path assumeInstalled()
    {
        final Path found = Arrays.stream(CANDIDATES).filter(Files::isExecutable).findFirst().orElse(null);
        assumeTrue(found != null, "no chromium (apt-get install chromium)");
        return found;
    }

    /**
     * @param page     the page.
     * @param fragment what follows {@code #} in the address, or empty.
     * @param scratch  a scratch directory.
     * @return the DOM after the page's scripts ran, serialized.
     */
    static String dumpDom(final Path page, final String fragment, final Path scratch)
        throws IOException, InterruptedException
    {
        final Path out = scratch.resolve("dom-" + System.nanoTime() + ".html");
        run(scratch, out, "--dump-dom", "--window-size=1200,800",
            page.toUri() + (fragment.isEmpty() ? "" : "#" + fragment));
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    /**
     * @param page     the page.
     * @param fragment what follows {@code #} in the address, or empty.
     * @param png     where the screenshot goes.
     * @param scratch a scratch directory.
     * @return the decoded screenshot.
     */
    static BufferedImage screenshot(final Path page, final String fragment, final Path png, final Path scratch)
        throws IOException, InterruptedException
    {
        run(scratch, scratch.resolve("screenshot.log"), "--screenshot=" + png, "--window-size=1200,800",
            "--hide-scrollbars", page.toUri() + (fragment.isEmpty() ? "" : "#" + fragment));
        return ImageIO.read(png.toFile());
    }

    private static void run(final Path scratch, final Path stdout, final String... args)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(assumeInstalled().toString(), "--headless=new",
            "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions", "--disable-dev-shm-usage",
            "--user-data-dir=" + scratch.resolve("profile"), "--virtual-time-budget=5000"));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
            .redirectError(scratch.resolve("chromium.err").toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
        {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("chromium did not finish: command=" + command);
        }
        if (process.exitValue() != 0)
        {
            throw new IllegalStateException("chromium failed: exit=" + process.exitValue() + " stderr=" +
                Files.readString(scratch.resolve("chromium.err"), StandardCharsets.UTF_8));
        }
    }

    /** What {@code #measure} made the page list: the chart's width and each drawn box's left, width and top. */
    record Measured(double chartWidth, Map<Integer, double[]> boxes)
    {
        static Measured of(final String dom)
        {
            final Matcher m = MEASURED.matcher(dom);
            if (!m.find())
            {
                throw new AssertionError("no measured layout in the DOM");
            }
            double width = -1;
            final Map<Integer, double[]> boxes = new HashMap<>();
            for (final String line : m.group(1).split("\n"))
            {
                final String[] parts = line.trim().split(" ");
                if (parts[0].equals("W"))
                {
                    width = Double.parseDouble(parts[1]);
                }
                else if (parts.length == 4)
                {
                    boxes.put(Integer.parseInt(parts[0]), new double[] {Double.parseDouble(parts[1]),
                        Double.parseDouble(parts[2]), Double.parseDouble(parts[3])});
                }
            }
            return new Measured(width, boxes);
        }
    }

    /** Decodes the entities the DOM serializer writes in attribute values. */
    static String attribute(final String value)
    {
        return value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", "\u00a0")
            .replace("&amp;", "&");
    }

    /**
     * @param image a screenshot.
     * @return how many distinct colours it has, and in the second slot the share of pixels that are not white.
     */
    static double[] variety(final BufferedImage image)
    {
        final java.util.Set<Integer> colours = new java.util.HashSet<>();
        long coloured = 0;
        for (int y = 0; y < image.getHeight(); y++)
        {
            for (int x = 0; x < image.getWidth(); x++)
            {
                final int rgb = image.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff)
                {
                    coloured++;
                }
            }
        }
        return new double[] {colours.size(), (double)coloured / ((long)image.getWidth() * image.getHeight())};
    }
}
