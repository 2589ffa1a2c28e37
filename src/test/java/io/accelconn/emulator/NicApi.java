package io.accelconn.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code Microsoft.Network/networkInterfaces}: GET, PUT (long-running), PATCH tags, lists, operation status. */
final class NicApi {
    private final ArmState state;

    NicApi(ArmState state) {
        this.state = state;
    }

    ArmResponse get(ArmRequest req, ResourceId id) {
        NicRecord nic = state.nics.get(id.key());
        if (nic == null) throw ArmException.notFound(id);
        return ArmResponse.raw(200, nic.json()).header("ETag", nic.etag());
    }

    /**
     * 201 (created) or 200 (updated) with the stored body in {@code Updating}, plus
     * {@code Azure-AsyncOperation} to poll, as in the recorded exchange.
     */
    ArmResponse put(ArmRequest req, ResourceId id) {
        ObjectNode body = Json.requestObject(req.body());
        NetworkInterfaces.WriteResult result = state.nics.put(id, body, preconditions(req));
        NicRecord nic = result.nic();
        String key = id.key();
        String etag = nic.etag();
        String failure = state.faults.operationFailure(req.method(), req.path());
        Operations.Operation op = state.operations.start(state.options.lroPollsBeforeSucceeded(),
                () -> state.nics.completeProvisioning(key, etag), failure, () -> {
                    state.nics.failProvisioning(key, etag, result.previous());
                    state.nicWrites.rolledBack(key);
                });
        state.nicWrites.accepted(key);
        state.fireNicWrite(nic.id());
        return ArmResponse.raw(result.created() ? 201 : 200, nic.json())
                .header("Azure-AsyncOperation", req.baseUrl() + "/subscriptions/" + id.subscription()
                        + "/providers/Microsoft.Network/locations/" + nic.location() + "/operations/" + op.id
                        + "?api-version=" + req.apiVersion())
                .header("Azure-AsyncNotification", "Enabled")
                .header("Retry-After", Integer.toString(state.options.asyncRetryAfterSeconds()));
    }

    ArmResponse patch(ArmRequest req, ResourceId id) {
        ObjectNode body = Json.requestObject(req.body());
        NicRecord nic = state.nics.patchTags(id, body, preconditions(req));
        state.fireNicWrite(nic.id());
        return ArmResponse.raw(200, nic.json()).header("ETag", nic.etag());
    }

    ArmResponse list(ArmRequest req, String prefix) {
        return ArmPaging.list(req, state.nics.table(), prefix, state.options.pageSize(), NicRecord::json);
    }

    /** Network RP operation status: {@code {"status":"InProgress"|"Succeeded"|"Failed","error":{...}}}. */
    ArmResponse operation(ArmRequest req, String operationId) {
        Operations.Operation op = state.operations.get(operationId);
        if (op == null) throw new ArmException(404, "NotFound", "Operation '" + operationId + "' was not found.");
        boolean done = op.poll();
        ObjectNode body = Json.object().put("status", op.status(done));
        if (done && op.failureCode != null) {
            body.set("error", Json.error(op.failureCode, "The operation failed (injected by the ARM emulator).").get("error"));
        }
        ArmResponse r = ArmResponse.json(200, body);
        if (!done) r.header("Retry-After", Integer.toString(state.options.asyncRetryAfterSeconds()));
        return r;
    }

    private Preconditions preconditions(ArmRequest req) {
        return new Preconditions(req.header("If-Match"), req.header("If-None-Match"), state.options.requireIfMatch());
    }
}
