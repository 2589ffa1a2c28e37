package io.accelconn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.UUID;

/** {@code Microsoft.Compute/virtualMachines}: GET (+instanceView), lists, deallocate/start, operation status. */
final class VmApi {
    private final ArmState state;

    VmApi(ArmState state) {
        this.state = state;
    }

    ArmResponse get(ArmRequest req, ResourceId id) {
        VmRecord vm = state.vms.require(id);
        String expand = req.param("$expand");
        boolean withView = expand != null && expand.toLowerCase(Locale.ROOT).contains("instanceview");
        return ArmResponse.json(200, VirtualMachines.render(vm, withView)).header("ETag", vm.etag());
    }

    ArmResponse instanceView(ArmRequest req, ResourceId id) {
        return ArmResponse.json(200, VirtualMachines.instanceView(state.vms.require(id)));
    }

    /**
     * {@code statusOnly=true} answers each VM's run-time status only, as compute does: the instance
     * view, without hardware profile or tags (a caller needs the plain list for those).
     */
    ArmResponse list(ArmRequest req, String prefix) {
        boolean statusOnly = "true".equalsIgnoreCase(req.param("statusOnly"));
        return ArmPaging.list(req, state.vms.table(), prefix, state.options.pageSize(),
                vm -> statusOnly ? Json.bytes(statusOnly(vm)) : vm.json());
    }

    private static ObjectNode statusOnly(VmRecord vm) {
        ObjectNode full = vm.body();
        ObjectNode out = Json.object();
        out.put("name", full.path("name").asText());
        out.put("id", vm.id());
        out.put("type", VirtualMachines.TYPE);
        out.put("location", vm.location());
        out.putObject("properties").set("instanceView", VirtualMachines.instanceView(vm));
        return out;
    }

    /**
     * 202 with {@code Azure-AsyncOperation} and {@code Location}; the VM is {@code deallocating}
     * (or {@code starting}) until the operation is polled to success.
     */
    ArmResponse powerAction(ArmRequest req, ResourceId id, String during, String after) {
        VmRecord vm = state.vms.require(id);
        String before = vm.powerState();
        state.vms.setPowerState(vm.id(), during);
        Operations.Operation op = state.operations.start(state.options.lroPollsBeforeSucceeded(),
                () -> state.vms.setPowerState(vm.id(), after), state.faults.operationFailure(req.method(), req.path()),
                () -> state.vms.setPowerState(vm.id(), before));
        String base = operationUrl(req, id.subscription(), vm.location(), op.id);
        return ArmResponse.empty(202)
                .header("Azure-AsyncOperation", base + "&api-version=" + req.apiVersion())
                .header("Location", base + "&monitor=true&api-version=" + req.apiVersion())
                .header("Retry-After", Integer.toString(state.options.asyncRetryAfterSeconds()));
    }

    /**
     * Compute operation status. With {@code monitor=true} (the Location URL) it answers 202 while
     * running and an empty 200 when done; otherwise the status document.
     */
    ArmResponse operation(ArmRequest req, String operationId) {
        Operations.Operation op = state.operations.get(operationId);
        if (op == null) throw new ArmException(404, "NotFound", "Operation '" + operationId + "' was not found.");
        boolean done = op.poll();
        String retryAfter = Integer.toString(state.options.asyncRetryAfterSeconds());
        if ("true".equalsIgnoreCase(req.param("monitor"))) {
            if (done) return ArmResponse.empty(200);
            return ArmResponse.empty(202).header("Location", req.baseUrl() + req.path() + "?" + ArmPaging.queryWithout(req, ""))
                    .header("Retry-After", retryAfter);
        }
        ObjectNode body = Json.object();
        body.put("startTime", op.started.toString());
        if (done) body.put("endTime", op.ended().toString());
        body.put("status", op.status(done));
        body.put("name", op.id);
        if (done && op.failureCode != null) {
            body.set("error", Json.error(op.failureCode, "The operation failed (injected by the ARM emulator).").get("error"));
        }
        ArmResponse r = ArmResponse.json(200, body);
        if (!done) r.header("Retry-After", retryAfter);
        return r;
    }

    private static String operationUrl(ArmRequest req, String subscription, String location, String opId) {
        return req.baseUrl() + "/subscriptions/" + subscription + "/providers/Microsoft.Compute/locations/" + location
                + "/operations/" + opId + "?p=" + UUID.randomUUID();
    }
}
