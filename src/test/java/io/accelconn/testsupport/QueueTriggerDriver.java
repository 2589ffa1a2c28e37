package io.accelconn.testsupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.azure.storage.queue.QueueClient;
import com.azure.storage.queue.QueueClientBuilder;
import com.azure.storage.queue.QueueMessageEncoding;
import com.azure.storage.queue.models.QueueMessageItem;

/**
 * Plays the Functions host's queue trigger against Azurite and the app over real HTTP: takes
 * messages off the queue with the host's 10-minute invisibility, POSTs the custom-handler
 * envelope ({@code Data.<binding>} the message encoded once more, {@code Metadata} with
 * DequeueCount, Id, PopReceipt and times, bodies chunked), deletes a message whose invocation
 * answered 2xx, makes a failed one visible again after {@code visibilityTimeout}, and moves it to
 * {@code <queue>-poison} once it failed on its {@code maxDequeueCount}th delivery. Defaults are
 * the host's: batch 16, maxDequeueCount 5; visibilityTimeout 0 (the host's default; accelconn's
 * host.json sets 30 s). {@link #drain} fetches as the host does: a new batch as soon as the
 * invocations in flight fall to {@code newBatchThreshold} (half the batch), so one instance runs up
 * to {@code batchSize + newBatchThreshold} at once; {@link #withInstances} plays several instances
 * (the scale controller's) against the one application.
 */
public final class QueueTriggerDriver implements AutoCloseable {

    /** One invocation as the host saw it. */
    public record Delivery(String messageId, long dequeueCount, int status, String body, boolean poisoned) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration INVISIBLE_WHILE_RUNNING = Duration.ofMinutes(10);

    private final QueueClient queue;
    private final QueueClient poison;
    private final URI function;
    private final String functionName;
    private final String binding;
    private final int batchSize;
    private final int maxDequeueCount;
    private final Duration visibilityTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService invocations;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final List<Consumer<Delivery>> listeners = new CopyOnWriteArrayList<>();
    private volatile Thread poller;
    /** Standalone the app is not behind the host's keys: the driver is an outside caller and carries one. */
    private volatile String functionKey;
    private volatile int instances = 1;
    /** Messages {@link #drain} holds back until nothing else runs (a delivery the host makes late). */
    private volatile java.util.function.Predicate<String> holdBack;
    private volatile long releasedAtNanos = -1;

    public QueueTriggerDriver(String connectionString, String queueName, String appBaseUrl, String functionName,
            String binding, int batchSize, int maxDequeueCount, Duration visibilityTimeout) {
        this.queue = client(connectionString, queueName);
        this.poison = client(connectionString, queueName + "-poison");
        this.function = URI.create(appBaseUrl.replaceAll("/+$", "") + "/" + functionName);
        this.functionName = functionName;
        this.binding = binding;
        this.batchSize = batchSize;
        this.maxDequeueCount = maxDequeueCount;
        this.visibilityTimeout = visibilityTimeout;
        this.invocations = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "queue-trigger-" + queueName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The sweep worker as the host runs it, with the host's defaults. */
    public static QueueTriggerDriver sweepWorker(String connectionString, String queueName, String appBaseUrl) {
        return new QueueTriggerDriver(connectionString, queueName, appBaseUrl, "sweep-worker", "item", 16, 5, Duration.ZERO);
    }

    /** Sends {@code key} as {@code x-functions-key} with every invocation, as the app's standalone auth wants. */
    public QueueTriggerDriver withFunctionKey(String key) {
        this.functionKey = key;
        return this;
    }

    /** Plays {@code n} host instances: up to {@code n * (batchSize + batchSize / 2)} invocations at once. */
    public QueueTriggerDriver withInstances(int n) {
        this.instances = Math.max(1, n);
        return this;
    }

    /**
     * {@link #drain} holds back the messages whose text matches until no other invocation is in
     * flight and nothing else is visible, then delivers them: a message the host takes late, e.g.
     * left behind a partial batch while the invocations it waits for run.
     */
    public QueueTriggerDriver holdBack(java.util.function.Predicate<String> message) {
        this.holdBack = message;
        return this;
    }

    /** When {@link #drain} released the held-back messages ({@link System#nanoTime}), -1 before. */
    public long releasedAtNanos() {
        return releasedAtNanos;
    }

    private static QueueClient client(String connectionString, String name) {
        QueueClient c = new QueueClientBuilder().connectionString(connectionString).queueName(name)
                .messageEncoding(QueueMessageEncoding.BASE64).buildClient();
        c.createIfNotExists();
        return c;
    }

    public void onDelivery(Consumer<Delivery> listener) {
        listeners.add(listener);
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Messages in the poison queue, decoded. */
    public List<String> poisoned() {
        List<String> out = new ArrayList<>();
        poison.peekMessages(32, null, null).forEach(m -> out.add(m.getBody().toString()));
        return out;
    }

    /**
     * Delivers until the queue holds nothing (visible or waiting) and nothing is in flight, or
     * {@code limit} passed. Returns true when the queue emptied.
     */
    public boolean drain(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        int capacity = instances * (batchSize + batchSize / 2);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<QueueMessageItem> held = new ArrayList<>();
        while (Instant.now().isBefore(deadline)) {
            if (!failures.isEmpty()) {
                throw new IllegalStateException("queue trigger invocation failed to run", failures.get(0));
            }
            int received = 0;
            if (capacity - inFlight.get() >= batchSize) {
                for (QueueMessageItem m : queue.receiveMessages(batchSize, INVISIBLE_WHILE_RUNNING, null, null)) {
                    received++;
                    java.util.function.Predicate<String> hold = holdBack;
                    if (hold != null && hold.test(m.getBody().toString())) {
                        held.add(m);
                        continue;
                    }
                    start(m, inFlight, failures);
                }
            }
            if (received == 0 && inFlight.get() == 0 && !held.isEmpty()) {
                holdBack = null;
                releasedAtNanos = System.nanoTime();
                held.forEach(m -> start(m, inFlight, failures));
                held.clear();
                continue;
            }
            if (received == 0) {
                // A running invocation queues its follow-ups before it ends: nothing in flight and
                // an empty queue (visible or waiting) means the work is done.
                if (inFlight.get() == 0 && queue.getProperties().getApproximateMessagesCount() == 0) {
                    return true;
                }
                sleep(50);
            }
        }
        return false;
    }

    private void start(QueueMessageItem m, java.util.concurrent.atomic.AtomicInteger inFlight, List<Throwable> failures) {
        inFlight.incrementAndGet();
        invocations.execute(() -> {
            try {
                invoke(m);
            } catch (RuntimeException | Error e) {
                failures.add(e);
            } finally {
                inFlight.decrementAndGet();
            }
        });
    }

    /** Keeps polling in the background, backing off to 2 s when idle (the local run). */
    public void startPolling() {
        poller = new Thread(() -> {
            long idle = 50;
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    idle = pollOnce() > 0 ? 50 : Math.min(2_000, idle * 2);
                } catch (RuntimeException e) {
                    idle = 2_000;
                }
                sleep(idle);
            }
        }, "queue-trigger-poller");
        poller.setDaemon(true);
        poller.start();
    }

    /** One batch: receive up to batchSize messages and invoke the function for each, in parallel. */
    public int pollOnce() {
        List<Future<?>> running = new ArrayList<>();
        Iterator<QueueMessageItem> batch = queue.receiveMessages(batchSize, INVISIBLE_WHILE_RUNNING, null, null).iterator();
        while (batch.hasNext()) {
            QueueMessageItem m = batch.next();
            running.add(invocations.submit(() -> invoke(m)));
        }
        for (Future<?> f : running) {
            try {
                f.get();
            } catch (Exception e) {
                throw new IllegalStateException("queue trigger invocation failed to run", e);
            }
        }
        return running.size();
    }

    private void invoke(QueueMessageItem m) {
        int status;
        String body;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(function);
            if (functionKey != null) {
                request.header(TestApiKey.HEADER, functionKey);
            }
            HttpResponse<String> r = http.send(request
                    .header("Content-Type", "application/json; charset=utf-8")
                    .header("X-Azure-Functions-InvocationId", UUID.randomUUID().toString())
                    .header("User-Agent", "Azure-Functions-Host/accelconn-test-driver")
                    .timeout(Duration.ofMinutes(10))
                    // An InputStream body goes out chunked, as the host sends it.
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(envelope(m))))
                    .build(), HttpResponse.BodyHandlers.ofString());
            status = r.statusCode();
            body = r.body();
        } catch (IOException e) {
            status = 0;
            body = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean ok = status / 100 == 2;
        boolean poisoned = false;
        if (ok) {
            queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
        } else if (m.getDequeueCount() >= maxDequeueCount) {
            poison.sendMessage(m.getBody());
            queue.deleteMessage(m.getMessageId(), m.getPopReceipt());
            poisoned = true;
        } else {
            queue.updateMessage(m.getMessageId(), m.getPopReceipt(), null, visibilityTimeout);
        }
        Delivery d = new Delivery(m.getMessageId(), m.getDequeueCount(), status, body, poisoned);
        deliveries.add(d);
        listeners.forEach(l -> l.accept(d));
    }

    /** The custom-handler envelope: message and metadata values JSON-encoded once more, as the host does. */
    byte[] envelope(QueueMessageItem m) {
        try {
            String text = m.getBody().toString();
            ObjectNode root = JSON.createObjectNode();
            root.putObject("Data").put(binding, JSON.writeValueAsString(text));
            ObjectNode meta = root.putObject("Metadata");
            meta.put("DequeueCount", Long.toString(m.getDequeueCount()));
            meta.put("ExpirationTime", String.valueOf(m.getExpirationTime()));
            meta.put("Id", JSON.writeValueAsString(m.getMessageId()));
            meta.put("InsertionTime", String.valueOf(m.getInsertionTime()));
            meta.put("NextVisibleTime", String.valueOf(m.getTimeNextVisible()));
            meta.put("PopReceipt", JSON.writeValueAsString(m.getPopReceipt()));
            // A JSON message's top-level properties ride along in Metadata, encoded the same way.
            JsonNode parsed = parse(text);
            if (parsed != null && parsed.isObject()) {
                parsed.fields().forEachRemaining(f -> meta.put(f.getKey(), f.getValue().isTextual()
                        ? quote(f.getValue().textValue()) : f.getValue().toString()));
            }
            ObjectNode sys = meta.putObject("sys");
            sys.put("MethodName", functionName);
            sys.put("UtcNow", Instant.now().toString());
            sys.put("RandGuid", UUID.randomUUID().toString());
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String quote(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (poller != null) {
            poller.interrupt();
        }
        invocations.shutdownNow();
    }
}
