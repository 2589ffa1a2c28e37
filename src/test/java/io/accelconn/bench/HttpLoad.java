package io.accelconn.bench;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * A closed-loop HTTP load on loopback: {@code connections} requests in flight, each sent when
 * the previous one on its slot answered, with the API key of {@link AppProcess}. Bounded by a request count and a time limit, so it
 * always stops by itself.
 */
public final class HttpLoad {

    /** What a run measured. Latencies in microseconds. */
    public record Result(int requests, int errors, double seconds, long p50Micros, long p99Micros, long maxMicros) {

        public double perSecond() {
            return requests / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,d requests in %.2f s = %,.0f req/s, p50 %.2f ms, p99 %.2f ms, max %.2f ms, %d errors",
                    requests, seconds, perSecond(), p50Micros / 1000.0, p99Micros / 1000.0, maxMicros / 1000.0, errors);
        }
    }

    private HttpLoad() {
    }

    public static Result post(String host, int port, String path, String body, int connections, int maxRequests,
            long maxSeconds) throws InterruptedException {
        Buffer payload = Buffer.buffer(body);
        return post(host, port, path, i -> payload, connections, maxRequests, maxSeconds);
    }

    /** @param bodies the body of the i-th request (0-based), for loads where each request differs */
    public static Result post(String host, int port, String path, IntFunction<Buffer> bodies, int connections,
            int maxRequests, long maxSeconds) throws InterruptedException {
        if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("::1")) {
            throw new IllegalArgumentException("load goes to loopback only, not " + host);
        }
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
                new PoolOptions().setHttp1MaxSize(connections));
        long[] latencies = new long[maxRequests];
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicLong lastEnd = new AtomicLong();
        CountDownLatch finished = new CountDownLatch(connections);
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(maxSeconds);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost(host).setPort(port).setURI(path)
                .putHeader("Content-Type", "application/json").putHeader("x-functions-key", AppProcess.API_KEY);
        for (int c = 0; c < connections; c++) {
            vertx.runOnContext(v -> next(client, options, bodies, latencies, issued, done, errors, lastEnd, finished,
                    maxRequests, deadline));
        }
        finished.await(maxSeconds + 30, TimeUnit.SECONDS);
        int n = done.get();
        double seconds = (lastEnd.get() - start) / 1e9;
        client.close();
        vertx.close();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(n, errors.get(), seconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                n == 0 ? 0 : sorted[n - 1]);
    }

    private static void next(HttpClient client, RequestOptions options, IntFunction<Buffer> bodies, long[] latencies,
            AtomicInteger issued, AtomicInteger done, AtomicInteger errors, AtomicLong lastEnd, CountDownLatch finished,
            int maxRequests, long deadline) {
        int index = issued.getAndIncrement();
        if (System.nanoTime() > deadline || index >= maxRequests) {
            finished.countDown();
            return;
        }
        Buffer payload = bodies.apply(index);
        long t0 = System.nanoTime();
        client.request(options)
                .compose(req -> req.send(payload))
                .compose(resp -> {
                    if (resp.statusCode() != 200) {
                        errors.incrementAndGet();
                    }
                    return resp.body();
                })
                .onComplete(ar -> {
                    long t1 = System.nanoTime();
                    if (ar.failed()) {
                        errors.incrementAndGet();
                    }
                    int i = done.getAndIncrement();
                    if (i < latencies.length) {
                        latencies[i] = (t1 - t0) / 1000;
                    }
                    lastEnd.accumulateAndGet(t1, Math::max);
                    next(client, options, bodies, latencies, issued, done, errors, lastEnd, finished, maxRequests, deadline);
                });
    }

    private static long percentile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
