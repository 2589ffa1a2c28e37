package io.accelconn.emulator;

import java.util.List;

/**
 * Maps a request to a counter kind and a handler. Matching is on lower-cased segments because ARM
 * treats {@code resourceGroups}, namespaces and types case-insensitively; ids are built from the
 * original segments so names keep their case.
 */
final class ArmRouter {

    interface Handler {
        ArmResponse handle(ArmRequest req);
    }

    record Route(String kind, Handler handler) {
    }

    private final NicApi nics;
    private final VmApi vms;
    private final ProviderApis providers;

    ArmRouter(ArmState state) {
        this.nics = new NicApi(state);
        this.vms = new VmApi(state);
        this.providers = new ProviderApis(state);
    }

    Route resolve(ArmRequest r) {
        List<String> s = r.lower();
        int n = s.size();
        String m = r.method();
        if (n == 3 && s.get(0).equals("providers") && s.get(1).equals("microsoft.resourcegraph")
                && s.get(2).equals("resources")) {
            return only(m, "POST", "graph.query", providers::graph);
        }
        if (n > 3 && s.get(n - 3).equals("providers") && s.get(n - 2).equals("microsoft.insights")
                && s.get(n - 1).equals("metrics")) {
            String resourceId = "/" + String.join("/", r.segments().subList(0, n - 3));
            return only(m, "GET", "metrics.get", req -> providers.metrics(req, resourceId));
        }
        if (n == 1 && s.get(0).equals("subscriptions")) return only(m, "GET", "subscription.list", providers::subscriptions);
        if (n < 2 || !s.get(0).equals("subscriptions")) return unknown();
        String sub = r.segments().get(1);
        if (n >= 4 && s.get(2).equals("providers")) {
            return subscriptionScope(r, m, sub, s.get(3), s.subList(4, n));
        }
        if (n >= 7 && s.get(2).equals("resourcegroups") && s.get(4).equals("providers")) {
            String rg = r.segments().get(3);
            String ns = s.get(5);
            String type = s.get(6);
            if (ns.equals("microsoft.network") && type.equals("networkinterfaces")) {
                if (n == 7) {
                    String prefix = ResourceId.resourceGroupPrefix(sub, rg);
                    return only(m, "GET", "nic.list", req -> nics.list(req, prefix));
                }
                if (n == 8) {
                    ResourceId id = ResourceId.nic(sub, rg, r.segments().get(7));
                    return switch (m) {
                        case "GET" -> new Route("nic.get", req -> nics.get(req, id));
                        case "PUT" -> new Route("nic.put", req -> nics.put(req, id));
                        case "PATCH" -> new Route("nic.patch", req -> nics.patch(req, id));
                        default -> unsupported(m);
                    };
                }
            }
            if (ns.equals("microsoft.compute") && type.equals("virtualmachines")) {
                if (n == 7) {
                    String prefix = ResourceId.resourceGroupPrefix(sub, rg);
                    return only(m, "GET", "vm.list", req -> vms.list(req, prefix));
                }
                ResourceId id = ResourceId.vm(sub, rg, r.segments().get(7));
                if (n == 8) return only(m, "GET", "vm.get", req -> vms.get(req, id));
                if (n == 9) {
                    return switch (s.get(8)) {
                        case "instanceview" -> only(m, "GET", "vm.instanceView", req -> vms.instanceView(req, id));
                        case "deallocate" -> only(m, "POST", "vm.deallocate",
                                req -> vms.powerAction(req, id, "deallocating", "deallocated"));
                        case "start" -> only(m, "POST", "vm.start", req -> vms.powerAction(req, id, "starting", "running"));
                        default -> unknown();
                    };
                }
            }
        }
        return unknown();
    }

    private Route subscriptionScope(ArmRequest r, String m, String sub, String ns, List<String> rest) {
        boolean operation = rest.size() == 4 && rest.get(0).equals("locations") && rest.get(2).equals("operations");
        if (ns.equals("microsoft.network")) {
            if (rest.equals(List.of("networkinterfaces"))) {
                String prefix = ResourceId.subscriptionPrefix(sub);
                return only(m, "GET", "nic.list", req -> nics.list(req, prefix));
            }
            if (operation) {
                String opId = r.segments().get(r.segments().size() - 1);
                return only(m, "GET", "operation.get", req -> nics.operation(req, opId));
            }
        }
        if (ns.equals("microsoft.compute")) {
            if (rest.equals(List.of("virtualmachines"))) {
                String prefix = ResourceId.subscriptionPrefix(sub);
                return only(m, "GET", "vm.list", req -> vms.list(req, prefix));
            }
            if (rest.equals(List.of("skus"))) return only(m, "GET", "skus.list", providers::skus);
            if (operation) {
                String opId = r.segments().get(r.segments().size() - 1);
                return only(m, "GET", "operation.get", req -> vms.operation(req, opId));
            }
        }
        return unknown();
    }

    private static Route only(String method, String allowed, String kind, Handler h) {
        return method.equals(allowed) ? new Route(kind, h) : unsupported(method);
    }

    private static Route unsupported(String method) {
        return new Route("unsupported", req -> {
            throw new ArmException(405, "MethodNotAllowed", "The emulator does not serve " + method + " on " + req.path() + ".");
        });
    }

    private static Route unknown() {
        return new Route("unknown", req -> {
            throw new ArmException(404, "InvalidResourceType", "The emulator does not serve " + req.method() + " "
                    + req.path() + " (see io.accelconn.emulator.ArmRouter for what it serves).");
        });
    }
}
