package io.accelconn.emulator;

/** The read-only services around the resources: Resource SKUs, Resource Graph, Azure Monitor metrics. */
final class ProviderApis {
    private final ArmState state;

    ProviderApis(ArmState state) {
        this.state = state;
    }

    ArmResponse skus(ArmRequest req) {
        return ArmResponse.json(200, state.skus.list(req.param("$filter")));
    }

    /** Reports ARG's per-user quota; refuses with 429 RateLimiting only when throttling is enforced. */
    ArmResponse graph(ArmRequest req) {
        GraphQuota.Decision quota = state.graphQuota.take(req.header("Authorization"));
        if (!quota.allowed() && state.options.enforceThrottling()) {
            state.counters.increment("graph.throttled");
            throw new ArmException(429, "RateLimiting", "Please provide below info when asking for support: "
                    + "timestamp = " + java.time.Instant.now() + ". The user quota of "
                    + GraphQuota.QUERIES_PER_WINDOW + " queries per 5 seconds is exhausted.")
                    .header("Retry-After", Long.toString((quota.resetsAfterMillis() + 999) / 1000))
                    .header("x-ms-user-quota-remaining", "0")
                    .header("x-ms-user-quota-resets-after", quota.resetsAfter());
        }
        return ArmResponse.json(200, state.graph.query(Json.requestObject(req.body())))
                .header("x-ms-user-quota-remaining", Integer.toString(Math.max(0, quota.remaining())))
                .header("x-ms-user-quota-resets-after", quota.resetsAfter());
    }

    /** {@code GET /subscriptions}: every subscription that holds a resource, as the caller could read them all. */
    ArmResponse subscriptions(ArmRequest req) {
        var out = Json.object();
        var value = out.putArray("value");
        for (String sub : state.graph.subscriptions()) {
            var s = value.addObject();
            s.put("id", "/subscriptions/" + sub);
            s.put("subscriptionId", sub);
            s.put("tenantId", ResourceGraph.TENANT_ID);
            s.put("displayName", "emulated " + sub.substring(0, 8));
            s.put("state", "Enabled");
        }
        return ArmResponse.json(200, out);
    }

    ArmResponse metrics(ArmRequest req, String resourceId) {
        return ArmResponse.json(200, state.metrics.query(resourceId, req.param("metricnames"), req.param("timespan"),
                req.param("interval"), req.param("aggregation")));
    }
}
