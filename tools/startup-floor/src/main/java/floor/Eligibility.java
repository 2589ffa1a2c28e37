package floor;

import java.util.List;
import java.util.Map;

import io.quarkus.vertx.web.Body;
import io.quarkus.vertx.web.Route;

/** The one function: what a first answer costs when the application itself costs nothing. */
public class Eligibility {

    public record Request(String region, String vmSize, boolean acceleratedNetworking) {}

    public record Answer(boolean eligible, List<String> reasons, String tier, Map<String, String> tags) {}

    @Route(path = "/eligibility", methods = Route.HttpMethod.POST, produces = "application/json")
    public Answer eligibility(@Body Request request) {
        boolean ok = request.vmSize() != null && request.vmSize().startsWith("Standard_D");
        return new Answer(ok, List.of(), ok ? "A4" : null, Map.of("fastpathenabled", "true"));
    }
}
