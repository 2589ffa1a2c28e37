package io.accelconn.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A local Azure Resource Manager for what accelconn uses: NICs, VMs, Resource SKUs, Resource
 * Graph and Monitor metrics, spoken in ARM's wire format (paging with nextLink, ETag/If-Match,
 * long-running operations, 409/412/429 with Retry-After) so the real azure-resourcemanager SDK
 * can be pointed at it as a custom cloud. Test code only: it must never ship.
 *
 * <p>Plain HTTP on 127.0.0.1. The Java methods below and the {@code /_emulator/} admin surface
 * (see {@link AdminApi}) act on the same state.
 */
public final class ArmEmulator implements AutoCloseable {
    private final Vertx vertx;
    private final HttpServer server;
    private final ArmState state;
    private final String baseUrl;

    private ArmEmulator(Vertx vertx, HttpServer server, ArmState state) {
        this.vertx = vertx;
        this.server = server;
        this.state = state;
        this.baseUrl = "http://127.0.0.1:" + server.actualPort();
    }

    /** Starts on {@code port} (0 = any free port) with default options; returns once listening. */
    public static ArmEmulator start(int port) {
        return start(EmulatorOptions.builder().port(port).build());
    }

    public static ArmEmulator start(EmulatorOptions options) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(2));
        ArmState state = new ArmState(options);
        HttpFront front = new HttpFront(vertx, state, new AdminApi(vertx, state));
        HttpServer server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(options.port()))
                .requestHandler(front::handle);
        try {
            server.listen().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            vertx.close();
            state.shutdown();
            throw new IllegalStateException("ARM emulator could not listen on 127.0.0.1:" + options.port(), e);
        }
        front.baseUrl("http://127.0.0.1:" + server.actualPort());
        // ARM finishes operations whether or not the client polls them to the end.
        vertx.setPeriodic(250, id -> vertx.executeBlocking(() -> {
            state.operations.endStale(java.time.Instant.now());
            return null;
        }, false));
        return new ArmEmulator(vertx, server, state);
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash. */
    public String baseUrl() {
        return baseUrl;
    }

    public int port() {
        return server.actualPort();
    }

    public EmulatorOptions options() {
        return state.options;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ARM emulator did not stop cleanly", e);
        } finally {
            state.shutdown();
        }
    }

    // ---- state ------------------------------------------------------------------------------

    /** Stores a raw ARM NIC body as given (every field kept) under {@code nicId}, with a fresh etag. */
    public void putNic(String nicId, JsonNode armBody) {
        state.nics.putRaw(nicId, armBody);
    }

    /** The NIC as GET would answer it (etag included). */
    public Optional<ObjectNode> nic(String nicId) {
        return Optional.ofNullable(state.nics.get(nicId)).map(NicRecord::body);
    }

    /**
     * Stores a raw ARM VM body and its power state ({@code running}, {@code deallocated},
     * {@code stopped}, ...). NICs named in its networkProfile get {@code properties.virtualMachine};
     * NICs it no longer names lose it.
     */
    public void putVm(String vmId, JsonNode armBody, String powerState) {
        state.vms.put(vmId, armBody, VirtualMachines.requirePowerState(powerState));
    }

    /** The VM as GET (without $expand) would answer it. */
    public Optional<ObjectNode> vm(String vmId) {
        return Optional.ofNullable(state.vms.get(vmId)).map(VmRecord::body);
    }

    /** The VM's power state, e.g. {@code running}, {@code deallocating}, {@code deallocated}. */
    public Optional<String> powerState(String vmId) {
        return Optional.ofNullable(state.vms.get(vmId)).map(VmRecord::powerState);
    }

    /**
     * Every power state the VM was in, oldest first, from the one {@link #putVm} stored it with:
     * e.g. {@code [running, deallocating, deallocated, starting, running]} for one restart.
     */
    public java.util.List<String> powerStates(String vmId) {
        return state.vms.powerStates(vmId);
    }

    /** Resizes a VM in place ({@code properties.hardwareProfile.vmSize}), keeping its power state and NICs. */
    public void resizeVm(String vmId, String size) {
        state.vms.resize(vmId, size);
    }

    /** NIC PUTs accepted for {@code nicId}, less those whose operation an {@link OperationFault} failed. */
    public long nicWrites(String nicId) {
        return state.nicWrites.get(ResourceId.key(nicId));
    }

    /** Simulates a concurrent writer (portal, another tool): applies {@code change} and moves the etag on. */
    public void mutateNic(String nicId, Consumer<ObjectNode> change) {
        state.nics.mutate(nicId, change);
    }

    /** Generates a deterministic fleet (100k NICs in a few seconds); adds to what is there. */
    public FleetSummary seedFleet(FleetSpec spec) {
        return new FleetGenerator(spec, state.nics, state.vms).generate();
    }

    /**
     * Called with the NIC id after every successful PUT/PATCH over HTTP (not for the Java seeding
     * methods), on one background thread in write order.
     */
    public void onNicWrite(Consumer<String> listener) {
        state.onNicWrite(listener);
    }

    /**
     * Returns once every listener heard of every NIC write made so far. Listeners are told on their
     * own thread after the write was answered, as a real event arrives after ARM's answer: a test
     * that checks what they heard calls this first instead of waiting for a while.
     */
    public void awaitNicWriteListeners() {
        state.awaitNicWriteListeners();
    }

    /** Replaces the Resource SKUs list: {@code {"value":[...]}} or a bare array, in the raw API shape. */
    public void setSkus(JsonNode skus) {
        state.skus.set(skus);
    }

    /** Pins a metric series: one point per value from the start of the requested timespan. */
    public void setMetric(String resourceId, String metricName, double[] values) {
        state.metrics.set(resourceId, metricName, values);
    }

    /** Drops resources, operations, faults, counters, throttling state, pinned metrics and SKU overrides. */
    public void reset() {
        state.reset();
    }

    // ---- faults -----------------------------------------------------------------------------

    public void inject(FaultRule rule) {
        state.faults.add(rule);
    }

    /** Writes whose long-running operation is accepted and then ends {@code Failed}. */
    public void inject(OperationFault fault) {
        state.faults.add(fault);
    }

    /** Requests carried out whose answer the client never gets (it sees a 5xx instead). */
    public void inject(AnswerLoss loss) {
        state.faults.add(loss);
    }

    /** Runs the hook's action just before the next matching request is served (once). */
    public void inject(RequestHook hook) {
        state.faults.add(hook);
    }

    /** Drops every {@link FaultRule}, {@link OperationFault}, {@link AnswerLoss} and {@link RequestHook}. */
    public void clearFaults() {
        state.faults.clear();
    }

    // ---- counters ---------------------------------------------------------------------------

    /**
     * Requests seen of one kind: nic.get, nic.put, nic.patch, nic.list, operation.get, vm.get,
     * vm.list, vm.instanceView, vm.deallocate, vm.start, skus.list, graph.query, metrics.get,
     * subscription.list, fault (answered or delayed by a fault rule), answer.lost (an
     * {@link AnswerLoss}), unknown, unsupported; and total. With throttling enforced: throttled (429
     * from a subscription's token bucket) and graph.throttled (429 from Resource Graph's quota), the
     * 429s the client caused itself.
     */
    public long count(String kind) {
        return state.counters.get(kind);
    }

    public Map<String, Long> counts() {
        return state.counters.snapshot();
    }

    public void resetCounts() {
        state.counters.reset();
    }
}
