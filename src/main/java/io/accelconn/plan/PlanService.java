package io.accelconn.plan;

import java.io.IOException;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import io.accelconn.api.JsonFields;
import io.accelconn.api.RequestRejected;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.enforcement.EnforceConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The {@code plan} capability: checks and fixes a deployment before it runs. Offline by design:
 * it decides with the rules and the size catalog the application already holds and never calls
 * ARM, so a pipeline can run it on every pull request.
 */
@ApplicationScoped
public class PlanService {

    static final String DURATION = "accelconn.plan.duration";
    static final String NICS = "accelconn.plan.nics";

    private static final Logger LOG = Logger.getLogger(PlanService.class);
    /** What a region can be spelled with: ARM names and display names ("East US 2"). */
    private static final Pattern REGION = Pattern.compile("[A-Za-z0-9 ()-]{1,64}");

    /**
     * @param location       the resource group's region, for {@code resourceGroup().location}; null when not given
     * @param subscriptionId the subscription deployed to, for {@code accelconn.policy.enrolled-subscriptions}; may be null
     */
    public record Options(PlanMode mode, String location, String subscriptionId) {

        public static Options of(String mode, String location, String subscriptionId) {
            if (location != null && !REGION.matcher(location).matches()) {
                throw RequestRejected.badRequest(JsonFields.INVALID_FIELD, "?location must be a region name such as eastus2");
            }
            String sub = subscriptionId == null ? null : JsonFields.optionalGuid(
                    JsonNodeFactory.instance.objectNode().put("subscriptionId", subscriptionId), "subscriptionId", "?");
            return new Options(PlanMode.parse(mode), location, sub);
        }
    }

    private final EligibilityService eligibility;
    private final EnforceConfig enforce;
    private final MeterRegistry registry;
    private final ObjectReader reader;

    public PlanService(EligibilityService eligibility, EnforceConfig enforce, MeterRegistry registry, ObjectMapper mapper) {
        this.eligibility = eligibility;
        this.enforce = enforce;
        this.registry = registry;
        // Decimals as written (1.10 stays 1.10): the template goes back to its owner.
        this.reader = mapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
    }

    /** The request body as a tree, or a 400 that says where the JSON broke. */
    public JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw RequestRejected.badRequest("MISSING_BODY", "send a deployment template or terraform show -json output");
        }
        try {
            return reader.readTree(body);
        } catch (JsonProcessingException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr()));
        } catch (IOException e) {
            throw RequestRejected.badRequest("MALFORMED_JSON", "the request body could not be read");
        }
    }

    public PlanReport plan(JsonNode body, Options options) {
        if (body == null || body.isMissingNode() || body.isNull()) {
            throw RequestRejected.badRequest("MISSING_BODY", "send a deployment template or terraform show -json output");
        }
        long start = System.nanoTime();
        NicJudge judge = new NicJudge(eligibility, options.subscriptionId());
        String kind;
        JsonNode template = null;
        TemplatePlanner.Result result;
        if (body.isObject() && TerraformPlanner.looksLikePlan(body)) {
            TerraformPlanner.validate(body);
            kind = "terraform";
            result = new TerraformPlanner(body, judge, enforce.vmSizeTag()).plan();
        } else if (body.isObject() && ArmTemplate.looksLikeTemplate(body)) {
            ArmTemplate t = ArmTemplate.read(body);
            kind = "template";
            result = new TemplatePlanner(t, options.location(), judge, enforce.vmSizeTag()).plan();
            template = options.mode() == PlanMode.FIX ? t.template() : null;
        } else {
            throw RequestRejected.badRequest("NOT_A_TEMPLATE_OR_PLAN", "send a deployment template (with resources), "
                    + "a deployment request body ({\"properties\":{\"template\",\"parameters\"}}) or terraform show -json "
                    + "output (with format_version)");
        }
        PlanReport report = new PlanReport(kind, template, result.nics(), result.notInspected(),
                PlanReport.Summary.of(result.nics(), result.notInspected().size()));
        record(kind, options.mode(), report, System.nanoTime() - start);
        return report;
    }

    private void record(String kind, PlanMode mode, PlanReport report, long nanos) {
        Timer.builder(DURATION).description("Time to plan one template or Terraform plan")
                .tag("kind", kind).tag("mode", mode.label()).publishPercentileHistogram().register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        report.nics().forEach(n -> Counter.builder(NICS).description("NICs planned, by verdict")
                .tag("kind", kind).tag("verdict", n.verdict().name()).register(registry).increment());
        PlanReport.Summary s = report.summary();
        LOG.infof("plan %s (%s): %d NICs, %d compliant, %d need changes, %d ineligible, %d undetermined, %d not inspected"
                + " in %.1f ms", kind, mode.label(), s.nics(), s.compliant(), s.needsChanges(), s.ineligible(),
                s.undetermined(), s.notInspected(), nanos / 1e6);
    }
}
