package dev.rstat.cgroup.report.export;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import dev.rstat.cgroup.report.Table;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Serves a cgroup hierarchy to Prometheus over HTTP, on the JDK's built-in server ({@code jdk.httpserver}).
 * <ul>
 * <li>{@code GET /metrics}: the latest walk as OpenMetrics 1.0 or as the Prometheus text format 0.0.4, chosen from
 * the {@code Accept} header (OpenMetrics when asked for, as Prometheus does; the Prometheus format otherwise, e.g. for
 * {@code curl}); see {@link dev.rstat.cgroup.report.render.OpenMetricsRenderer} for the metrics. The server's own
 * health follows: {@code cgroup_walk_last_duration_seconds}, {@code cgroup_walk_failures_total},
 * {@code cgroup_walk_last_success_timestamp_seconds}. Compressed with gzip when the request's
 * {@code Accept-Encoding} allows it (as Prometheus asks by default).</li>
 * <li>{@code GET /}: a small HTML page linking to {@code /metrics}.</li>
 * <li>{@code HEAD} of both: the same headers without a body. Other methods: 405 with {@code Allow: GET, HEAD}.
 * Other paths: 404.</li>
 * </ul>
 * Walks are rate limited: a scrape reuses the latest walk if it started less than {@code minInterval} ago, and
 * scrapes that arrive while a walk is in progress wait for it instead of starting another (single flight), so a burst
 * of scrapes costs one walk. A walk that throws gives {@code 500} with a one-line {@code text/plain} message (also
 * reused for the interval) and the server keeps serving; the next scrape after the interval walks again. Each distinct
 * failure is logged once, as one line without a stack trace.
 *
 * <h2>Concurrency</h2>
 * Requests are handled by four daemon threads. The walker is never called concurrently (it runs
 * under the cache's lock, see {@code ScrapeCache}), so it may keep its {@code Columns}, reader, aggregator and rate
 * tracker from walk to walk. {@link #close()} stops listening, closes open connections and waits briefly for
 * handlers to finish.
 * <p>
 * Example:
 * <pre>{@code
 * try (MetricsServer server = MetricsServer.start(MetricsServer.DEFAULT_ADDRESS, walker, Duration.ofSeconds(1)))
 * {
 *     System.out.println("serving " + server.metricsUri());
 *     Thread.currentThread().join();
 * }
 * }</pre>
 */
public final class MetricsServer implements AutoCloseable
{
    /** The default port, 9400. */
    public static final int DEFAULT_PORT = 9400;
    /** The default listen address, {@code 127.0.0.1:9400}: loopback only. */
    public static final InetSocketAddress DEFAULT_ADDRESS =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), DEFAULT_PORT);
    /** The default minimum interval between two walks. */
    public static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);
    /** The path of the metrics. */
    public static final String METRICS_PATH = "/metrics";

    static final int HANDLER_THREADS = 4;

    private static final String HTML = "text/html; charset=utf-8";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final byte[] INDEX = ("<!DOCTYPE html>\n<html><head><title>rstat cgroup metrics</title></head>\n"
        + "<body><h1>rstat cgroup metrics</h1><p><a href=\"metrics\">/metrics</a></p></body></html>\n")
        .getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_FOUND = "not found\n".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NOT_ALLOWED = "method not allowed\n".getBytes(StandardCharsets.UTF_8);
    private static final long CLOSE_WAIT_SECONDS = 5;
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService handlers;
    private final ScrapeCache cache;
    private boolean closed;

    private MetricsServer(final HttpServer server, final ExecutorService handlers, final ScrapeCache cache)
    {
        this.server = server;
        this.handlers = handlers;
        this.cache = cache;
    }

    /**
     * Binds and starts a server.
     *
     * @param address     where to listen, e.g. {@link #DEFAULT_ADDRESS}; port 0 picks a free port
     *                    ({@link #address()} tells which).
     * @param walker      samples the hierarchy and returns the table to serve (derived values already computed);
     *                    never called concurrently.
     * @param minInterval minimum time between the starts of two walks; zero walks on every scrape that does not
     *                    arrive during a walk.
     * @return the running server.
     * @throws UncheckedIOException if the address cannot be bound.
     */
    public static MetricsServer start(final InetSocketAddress address, final Supplier<Table> walker,
        final Duration minInterval)
    {
        return start(address, walker, minInterval, MetricsServer::logWarning);
    }

    /**
     * Binds and starts a server that reports failed walks to {@code log}.
     *
     * @param address     where to listen; port 0 picks a free port.
     * @param walker      samples the hierarchy; never called concurrently.
     * @param minInterval minimum time between the starts of two walks.
     * @param log         gets one line per distinct failure (the first time it happens).
     * @return the running server.
     * @throws UncheckedIOException if the address cannot be bound.
     */
    public static MetricsServer start(final InetSocketAddress address, final Supplier<Table> walker,
        final Duration minInterval, final Consumer<String> log)
    {
        return start(address, walker, minInterval, System::nanoTime, log);
    }

    static MetricsServer start(final InetSocketAddress address, final Supplier<Table> walker,
        final Duration minInterval, final LongSupplier clock)
    {
        return start(address, walker, minInterval, clock, MetricsServer::logWarning);
    }

    static MetricsServer start(final InetSocketAddress address, final Supplier<Table> walker,
        final Duration minInterval, final LongSupplier clock, final Consumer<String> log)
    {
        Objects.requireNonNull(address, "address");
        if (minInterval.isNegative())
        {
            throw new IllegalArgumentException("negative minimum interval: minInterval=" + minInterval);
        }
        final ScrapeCache cache = new ScrapeCache(walker, minInterval.toNanos(), clock, System::currentTimeMillis,
            log);
        final HttpServer server;
        try
        {
            server = HttpServer.create(address, 0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot listen: address=" + address + " error=" + ex.getMessage(), ex);
        }
        final int serial = SERVERS.incrementAndGet();
        final AtomicInteger threads = new AtomicInteger();
        final ExecutorService handlers = Executors.newFixedThreadPool(HANDLER_THREADS, task ->
        {
            final Thread thread = new Thread(task, "metrics-server-" + serial + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        final MetricsServer metricsServer = new MetricsServer(server, handlers, cache);
        server.createContext("/", metricsServer::handle);
        server.setExecutor(handlers);
        server.start();
        return metricsServer;
    }

    /**
     * Parses a listen address: {@code HOST:PORT}, {@code [IPV6]:PORT}, or {@code PORT} alone for the loopback
     * address. A host name is resolved.
     *
     * @param text the address, e.g. {@code 127.0.0.1:9400}, {@code [::1]:9400}, {@code 0.0.0.0:9400}, {@code 9400}.
     * @return the address.
     * @throws IllegalArgumentException if it is malformed or the host is unknown.
     */
    public static InetSocketAddress parseAddress(final String text)
    {
        final String trimmed = text.trim();
        final int colon = trimmed.lastIndexOf(':');
        final String host;
        final String port;
        if (colon < 0)
        {
            host = null;
            port = trimmed;
        }
        else
        {
            final String rawHost = trimmed.substring(0, colon);
            port = trimmed.substring(colon + 1);
            if (rawHost.startsWith("[") && rawHost.endsWith("]") && rawHost.length() > 2)
            {
                host = rawHost.substring(1, rawHost.length() - 1);
            }
            else if (!rawHost.isEmpty() && rawHost.indexOf(':') < 0 && rawHost.indexOf('[') < 0)
            {
                host = rawHost;
            }
            else
            {
                throw invalidAddress(text, "host");
            }
        }
        final int number;
        try
        {
            number = Integer.parseInt(port);
        }
        catch (final NumberFormatException ex)
        {
            throw invalidAddress(text, "port");
        }
        if (number < 0 || number > 65535)
        {
            throw invalidAddress(text, "port");
        }
        try
        {
            return new InetSocketAddress(host == null ? InetAddress.getLoopbackAddress() :
                InetAddress.getByName(host), number);
        }
        catch (final UnknownHostException ex)
        {
            throw new IllegalArgumentException("unknown listen host: address=" + text + " host=" + host, ex);
        }
    }

    /**
     * The address the server listens on, with the real port when it was started on port 0.
     *
     * @return the address.
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    /**
     * The URL of the metrics, e.g. {@code http://127.0.0.1:9400/metrics}.
     *
     * @return the URL.
     */
    public URI metricsUri()
    {
        final InetSocketAddress address = address();
        final String host = address.getAddress().getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort() +
            METRICS_PATH);
    }

    /**
     * Number of walks so far (successful or not).
     *
     * @return the count.
     */
    public long walks()
    {
        return cache.walks();
    }

    /**
     * Stops listening, closes open connections and stops the handler threads (waiting up to
     * five seconds for a walk in progress). Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        server.stop(0);
        handlers.shutdown();
        try
        {
            if (!handlers.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS))
            {
                handlers.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            handlers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** For tests: scrapes waiting for a walk or render in progress. */
    int waitingScrapes()
    {
        return cache.waitingScrapes();
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        try
        {
            final String path = exchange.getRequestURI().getRawPath();
            final String method = exchange.getRequestMethod();
            final boolean head = "HEAD".equals(method);
            if (!METRICS_PATH.equals(path) && !"/".equals(path))
            {
                send(exchange, 404, TEXT, NOT_FOUND, head);
            }
            else if (!head && !"GET".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                send(exchange, 405, TEXT, NOT_ALLOWED, false);
            }
            else if ("/".equals(path))
            {
                send(exchange, 200, HTML, INDEX, head);
            }
            else
            {
                final boolean openMetrics =
                    ContentNegotiation.prefersOpenMetrics(exchange.getRequestHeaders().getFirst("Accept"));
                final ScrapeCache.Body body = cache.get(openMetrics);
                exchange.getResponseHeaders().set("Vary", "Accept, Accept-Encoding");
                byte[] bytes = body.bytes();
                if (acceptsGzip(exchange.getRequestHeaders().getFirst("Accept-Encoding")) && bytes.length > 0)
                {
                    bytes = gzip(bytes);
                    exchange.getResponseHeaders().set("Content-Encoding", "gzip");
                }
                send(exchange, body.status(), body.contentType(), bytes, head);
            }
        }
        finally
        {
            exchange.close();
        }
    }

    private static void send(final HttpExchange exchange, final int status, final String contentType,
        final byte[] body, final boolean head) throws IOException
    {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head || body.length == 0)
        {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(body);
        }
    }

    /**
     * Whether an {@code Accept-Encoding} header allows gzip: {@code gzip} (or {@code x-gzip}, or {@code *}) with a
     * quality above zero.
     *
     * @param acceptEncoding the header, or null.
     * @return true to compress.
     */
    static boolean acceptsGzip(final String acceptEncoding)
    {
        if (acceptEncoding == null)
        {
            return false;
        }
        boolean gzip = false;
        boolean gzipNamed = false;
        boolean any = false;
        for (final String coding : acceptEncoding.split(","))
        {
            final String[] parts = coding.split(";");
            final String name = parts[0].trim().toLowerCase(Locale.ROOT);
            boolean allowed = true;
            for (int i = 1; i < parts.length; i++)
            {
                final String parameter = parts[i].trim().toLowerCase(Locale.ROOT);
                if (parameter.startsWith("q="))
                {
                    try
                    {
                        allowed = Double.parseDouble(parameter.substring(2).trim()) > 0;
                    }
                    catch (final NumberFormatException ex)
                    {
                        allowed = false;
                    }
                }
            }
            if ("gzip".equals(name) || "x-gzip".equals(name))
            {
                gzipNamed = true;
                gzip = allowed;
            }
            else if ("*".equals(name))
            {
                any = allowed;
            }
        }
        return gzipNamed ? gzip : any;
    }

    private static byte[] gzip(final byte[] bytes) throws IOException
    {
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream(bytes.length / 8 + 64);
        try (GZIPOutputStream out = new GZIPOutputStream(compressed))
        {
            out.write(bytes);
        }
        return compressed.toByteArray();
    }

    private static void logWarning(final String line)
    {
        System.getLogger(MetricsServer.class.getName()).log(System.Logger.Level.WARNING, line);
    }

    private static IllegalArgumentException invalidAddress(final String text, final String part)
    {
        return new IllegalArgumentException("invalid listen address: address=" + text + " part=" + part +
            " (expected HOST:PORT, [IPV6]:PORT or PORT)");
    }
}
