package io.accelconn.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import io.accelconn.plan.ArmTemplate.Resource;
import io.accelconn.plan.ArmValue.Known;
import io.accelconn.plan.ArmValue.ResourceRef;
import io.accelconn.plan.NicJudge.Judgement;
import io.accelconn.plan.TemplateScope.Copy;
import io.accelconn.policy.Drift;
import io.accelconn.policy.Tags;

/**
 * Finds the NICs of a template, follows the VMs that list them to their size, decides each
 * with {@link NicJudge}, and sets what an eligible NIC needs on its resource in the template.
 * Only NIC resources are touched; every other part of the template, expressions included,
 * stays the node it was.
 */
final class TemplatePlanner {

    static final String NIC = "Microsoft.Network/networkInterfaces";
    static final String VM = "Microsoft.Compute/virtualMachines";
    static final String SCALE_SET = "Microsoft.Compute/virtualMachineScaleSets";
    static final String DEPLOYMENT = "Microsoft.Resources/deployments";
    /**
     * The oldest Microsoft.Network API version whose NIC schema has both {@code auxiliaryMode}
     * (with {@code AcceleratedConnections}) and {@code auxiliarySku} (None, A1, A2, A4, A8):
     * Azure/azure-rest-api-specs
     * specification/network/resource-manager/Microsoft.Network/stable/2022-11-01/networkInterface.json
     * @ f5ec6141 has both; the same file as first published @ 04edc9b1 had {@code auxiliaryMode}
     * (None, MaxConnections, Floating) and no {@code auxiliarySku}, so no earlier version has them.
     * The recorded PUT in ../shared/reference/arm (api-version 2022-11-01) agrees.
     */
    static final String API_VERSION_FLOOR = "2022-11-01";
    private static final String NIC_PATH = "/providers/microsoft.network/networkinterfaces/";

    /** What the template says of one VM instance. */
    private record VmInstance(String label, ArmValue size, ArmValue tags, List<ArmValue> nicNames) {
    }

    /** One NIC instance: a NIC resource, or one instance of its copy loop. */
    private record NicInstance(Resource resource, Integer copyIndex, Copy copy, ArmValue name, boolean conditional) {
    }

    /** What the planner would set on a NIC resource; equal edits of all copies make one rewrite. */
    private record Edit(String apiVersion, boolean enableAcceleratedNetworking, String mode, String sku,
            Map<String, String> tags) {
    }

    private record Draft(NicInstance nic, PlannedNic report, Edit edit) {
    }

    /** NICs decided, and resources not looked into. */
    record Result(List<PlannedNic> nics, List<NotInspected> notInspected) {
    }

    private final ArmTemplate template;
    private final TemplateScope scope;
    private final NicJudge judge;
    private final String vmSizeTag;

    TemplatePlanner(ArmTemplate template, String location, NicJudge judge, String vmSizeTag) {
        this.template = template;
        this.scope = new TemplateScope(template.template().get("parameters"), template.parameters(),
                template.template().get("variables"), location);
        this.judge = judge;
        this.vmSizeTag = vmSizeTag;
    }

    Result plan() {
        List<NotInspected> notInspected = new ArrayList<>();
        List<NicInstance> nics = new ArrayList<>();
        List<VmInstance> vms = new ArrayList<>();
        boolean someVmListsUnknownNics = false;
        for (Resource r : template.resources()) {
            String type = r.type();
            boolean existing = r.node().path("existing").asBoolean(false);
            if (type.equalsIgnoreCase(DEPLOYMENT)) {
                boolean linked = r.node().path("properties").has("templateLink");
                notInspected.add(notInspected(r, linked ? PlanReasonCode.LINKED_TEMPLATE : PlanReasonCode.NESTED_TEMPLATE,
                        linked ? "a linked template is not fetched; plan it on its own"
                                : "a nested template's resources are not inspected; plan it on its own"));
            } else if (type.equalsIgnoreCase(SCALE_SET)) {
                notInspected.add(notInspected(r, PlanReasonCode.SCALE_SET,
                        "a scale set configures its NICs inside the set; not inspected"));
            } else if (type.equalsIgnoreCase(NIC) && existing) {
                notInspected.add(notInspected(r, PlanReasonCode.EXISTING_RESOURCE,
                        "an existing NIC is not deployed by this template; the event path or the sweep can enable it"));
            } else if (type.equalsIgnoreCase(NIC)) {
                for (Copy copy : instances(r)) {
                    Boolean deployed = condition(r, copy);
                    if (!Boolean.FALSE.equals(deployed)) {
                        Integer index = copy.resourceLoop() == null ? null : copy.indexes().get(copy.resourceLoop());
                        nics.add(new NicInstance(r, index, copy, scope.evaluate(r.node().get("name"), copy),
                                deployed == null));
                    }
                }
            } else if (type.equalsIgnoreCase(VM) && !existing) {
                for (Copy copy : instances(r)) {
                    if (!Boolean.FALSE.equals(condition(r, copy))) {
                        VmInstance vm = vm(r, copy);
                        vms.add(vm);
                        someVmListsUnknownNics |= vm.nicNames().stream().anyMatch(n -> !n.isKnown());
                    }
                }
            }
        }
        List<Draft> drafts = new ArrayList<>(nics.size());
        for (NicInstance nic : nics) {
            drafts.add(decide(nic, vms, someVmListsUnknownNics));
        }
        return new Result(rewrite(drafts), notInspected);
    }

    /** The instances of a resource: one, one per copy, or one standing for all when the count is known only at deployment. */
    private List<Copy> instances(Resource r) {
        JsonNode copy = r.node().get("copy");
        if (copy == null || !copy.isObject()) {
            return List.of(Copy.NONE);
        }
        String loop = copy.path("name").asText("copy");
        JsonNode count = scope.evaluate(copy.get("count"), Copy.NONE).node();
        if (count == null || !count.isIntegralNumber() || count.longValue() < 0
                || count.longValue() > ArmTemplate.MAX_RESOURCES) {
            return List.of(Copy.NONE.with(loop, null, true));
        }
        List<Copy> copies = new ArrayList<>((int) count.longValue());
        for (int i = 0; i < count.longValue(); i++) {
            copies.add(Copy.NONE.with(loop, i, true));
        }
        return copies;
    }

    /** True, false, or null when the resource's {@code condition} is known only at deployment. */
    private Boolean condition(Resource r, Copy copy) {
        if (!r.node().has("condition")) {
            return true;
        }
        JsonNode v = scope.evaluate(r.node().get("condition"), copy).node();
        if (v != null && v.isBoolean()) {
            return v.booleanValue();
        }
        if (v != null && v.isTextual() && (v.textValue().equalsIgnoreCase("true") || v.textValue().equalsIgnoreCase("false"))) {
            return v.textValue().equalsIgnoreCase("true");
        }
        return null;
    }

    private VmInstance vm(Resource r, Copy copy) {
        JsonNode props = r.node().path("properties");
        ArmValue name = scope.evaluate(r.node().get("name"), copy);
        String label = name.isKnown() && name.node().isTextual() ? name.node().textValue() : r.label();
        ArmValue size = scope.evaluate(props.path("hardwareProfile").get("vmSize"), copy);
        List<ArmValue> nicNames = new ArrayList<>();
        ArmValue profile = props.path("networkProfile").isTextual()
                ? scope.evaluate(props.get("networkProfile"), copy)
                : new Known(props.path("networkProfile"));
        if (!profile.isKnown()) {
            nicNames.add(profile);
        } else {
            JsonNode list = profile.node().get("networkInterfaces");
            ArmValue listed = list == null ? new Known(JsonNodeFactory.instance.arrayNode())
                    : list.isTextual() ? scope.evaluate(list, copy) : new Known(list);
            if (!listed.isKnown()) {
                nicNames.add(listed);
            } else {
                listed.node().forEach(ref -> addNicName(ref.get("id"), copy, nicNames));
            }
            for (JsonNode loop : profile.node().path("copy")) {
                if (loop.path("name").asText("").equalsIgnoreCase("networkInterfaces")) {
                    JsonNode count = scope.evaluate(loop.get("count"), copy).node();
                    String loopName = loop.path("name").asText();
                    if (count != null && count.isIntegralNumber() && count.longValue() >= 0 && count.longValue() <= 64) {
                        for (int j = 0; j < count.longValue(); j++) {
                            addNicName(loop.path("input").get("id"), copy.with(loopName, j, false), nicNames);
                        }
                    } else {
                        addNicName(loop.path("input").get("id"), copy.with(loopName, null, false), nicNames);
                    }
                }
            }
        }
        return new VmInstance(label, size, scope.evaluate(r.node().get("tags"), copy), nicNames);
    }

    /** The NIC name a VM's {@code networkInterfaces[].id} points at: from resourceId(...) or a literal id. Other types are skipped. */
    private void addNicName(JsonNode id, Copy copy, List<ArmValue> names) {
        if (id == null) {
            return;
        }
        ArmValue v = id.isTextual() ? scope.evaluate(id, copy) : new Known(id);
        if (v instanceof ResourceRef ref) {
            if (ref.type().equalsIgnoreCase(NIC) && ref.names().size() == 1) {
                names.add(ref.names().get(0));
            }
        } else if (v.isKnown()) {
            String text = v.node().asText("");
            int at = text.toLowerCase(Locale.ROOT).lastIndexOf(NIC_PATH);
            if (at >= 0) {
                String rest = text.substring(at + NIC_PATH.length());
                names.add(ArmFunctions.text(rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest));
            }
        } else {
            names.add(v);
        }
    }

    private static boolean sameName(ArmValue a, ArmValue b) {
        if (a.isKnown() && b.isKnown()) {
            return a.node().isTextual() && b.node().isTextual() && a.node().textValue().equalsIgnoreCase(b.node().textValue());
        }
        return !a.isKnown() && !b.isKnown() && a.symbol().equals(b.symbol());
    }

    private Draft decide(NicInstance nic, List<VmInstance> allVms, boolean someVmListsUnknownNics) {
        ObjectNode node = nic.resource().node();
        List<VmInstance> vms = allVms.stream().filter(vm -> vm.nicNames().stream().anyMatch(n -> sameName(n, nic.name())))
                .toList();
        List<PlanReason> unresolved = new ArrayList<>();
        List<PlanReason> warnings = new ArrayList<>();
        if (nic.conditional()) {
            warnings.add(PlanReason.of(PlanReasonCode.DEPLOYED_ON_CONDITION,
                    "the NIC is deployed only if its condition holds at deployment"));
        }
        NicFacts.severalVms(vms.stream().map(VmInstance::label).toList(), warnings);
        String region = text(scope.evaluate(node.get("location"), nic.copy()), PlanReasonCode.REGION_UNRESOLVED,
                "the NIC's location", unresolved);
        Map<String, String> tags = tags(scope.evaluate(node.get("tags"), nic.copy()), "the NIC's tags", unresolved);
        Map<String, String> vmTags = new LinkedHashMap<>();
        String vmSize = null;
        for (VmInstance vm : vms) {
            vmTags.putAll(vmTags(vm.tags(), "the tags of VM " + vm.label(), warnings));
            vmSize = NicFacts.agreedSize(vmSize, text(vm.size(), PlanReasonCode.VM_SIZE_UNRESOLVED,
                    "the size of VM " + vm.label(), unresolved), unresolved);
        }
        if (vms.isEmpty() && Tags.get(tags, vmSizeTag) != null) {
            vmSize = Tags.get(tags, vmSizeTag);
        } else if (vms.isEmpty() && someVmListsUnknownNics) {
            unresolved.add(PlanReason.of(PlanReasonCode.VM_REFERENCE_UNRESOLVED,
                    "no VM lists this NIC by a name known now, and a VM of the template lists NICs known only at deployment"));
        }
        JsonNode props = node.path("properties");
        if (!props.isObject()) {
            unresolved.add(PlanReason.of(PlanReasonCode.AUXILIARY_MODE_UNRESOLVED,
                    "the NIC's properties are not a literal object"));
        }
        Boolean an = bool(scope.evaluate(TemplateScope.field(props, "enableAcceleratedNetworking"), nic.copy()), unresolved);
        String mode = optionalText(scope.evaluate(TemplateScope.field(props, "auxiliaryMode"), nic.copy()),
                "auxiliaryMode", unresolved);
        String sku = optionalText(scope.evaluate(TemplateScope.field(props, "auxiliarySku"), nic.copy()),
                "auxiliarySku", unresolved);
        NicFacts facts = new NicFacts(region, vmSize, Boolean.TRUE.equals(an), mode, sku, tags, vmTags, unresolved,
                warnings, "no VM in this template lists this NIC, and it has no " + vmSizeTag + " tag naming its size");
        Judgement j = judge.judge(facts);
        String apiVersion = node.path("apiVersion").asText("");
        boolean raise = apiVersion.length() < 10 || apiVersion.substring(0, 10).compareTo(API_VERSION_FLOOR) < 0;
        boolean mayChange = j.needsChanges() || j.verdict() == PlanVerdict.COMPLIANT;
        Edit edit = null;
        List<PlanChange> changes = new ArrayList<>();
        PlanVerdict verdict = j.verdict();
        if (mayChange && (j.needsChanges() || raise)) {
            verdict = PlanVerdict.NEEDS_CHANGES;
            edit = edit(j, raise, changes, TemplateScope.field(props, "enableAcceleratedNetworking"), apiVersion);
        }
        ArmValue name = nic.name();
        PlannedNic report = new PlannedNic(nic.resource().label(), nic.copyIndex(),
                name.isKnown() ? name.node().asText() : node.path("name").asText(null), region, vmSize,
                vms.stream().map(VmInstance::label).toList(), verdict, j.tier() == null ? null : j.tier().name(),
                j.reasons(), j.warnings(), changes, null);
        return new Draft(nic, report, edit);
    }

    private static Edit edit(Judgement j, boolean raise, List<PlanChange> changes, JsonNode anNow, String apiVersion) {
        if (raise) {
            changes.add(new PlanChange("apiVersion", apiVersion.isEmpty() ? null : apiVersion, API_VERSION_FLOOR));
        }
        if (j.enableAcceleratedNetworking()) {
            changes.add(new PlanChange("properties.enableAcceleratedNetworking", anNow == null ? null : anNow, true));
        }
        String mode = null;
        String sku = null;
        Map<String, String> tags = new LinkedHashMap<>();
        for (Drift.Change c : j.drift()) {
            switch (c.field()) {
                case "auxiliaryMode" -> mode = c.to();
                case "auxiliarySku" -> sku = c.to();
                default -> tags.put(c.field().substring("tags.".length()), c.to());
            }
            changes.add(new PlanChange(c.field().startsWith("tags.") ? c.field() : "properties." + c.field(), c.from(), c.to()));
        }
        return new Edit(raise ? API_VERSION_FLOOR : null, j.enableAcceleratedNetworking(), mode, sku, tags);
    }

    /**
     * Writes each NIC resource's edit once. The copies of one resource share its definition, so
     * when they need different settings none is written and each says so.
     */
    private static List<PlannedNic> rewrite(List<Draft> drafts) {
        Map<String, List<Draft>> byResource = new LinkedHashMap<>();
        drafts.forEach(d -> byResource.computeIfAbsent(d.nic().resource().label(), k -> new ArrayList<>()).add(d));
        List<PlannedNic> out = new ArrayList<>(drafts.size());
        for (List<Draft> copies : byResource.values()) {
            Edit first = copies.get(0).edit();
            boolean agree = copies.stream().allMatch(d -> Objects.equals(d.edit(), first));
            if (agree && first != null) {
                apply(copies.get(0).nic().resource().node(), first);
            }
            for (Draft d : copies) {
                PlannedNic r = d.report();
                if (!agree && d.edit() != null) {
                    List<PlanReason> reasons = List.of(PlanReason.of(PlanReasonCode.COPY_INSTANCES_DIFFER,
                            "the copies of this NIC resource need different settings; one definition cannot give them all"));
                    r = new PlannedNic(r.resource(), r.copyIndex(), r.name(), r.region(), r.vmSize(), r.vms(),
                            PlanVerdict.UNDETERMINED, r.tier(), reasons, r.warnings(), List.of(), null);
                }
                out.add(r);
            }
        }
        return out;
    }

    private static void apply(ObjectNode nic, Edit edit) {
        if (edit.apiVersion() != null) {
            nic.put("apiVersion", edit.apiVersion());
        }
        ObjectNode props = (ObjectNode) nic.get("properties");
        if (edit.enableAcceleratedNetworking()) {
            put(props, "enableAcceleratedNetworking", BooleanNode.TRUE);
        }
        if (edit.mode() != null) {
            put(props, "auxiliaryMode", TextNode.valueOf(edit.mode()));
        }
        if (edit.sku() != null) {
            put(props, "auxiliarySku", TextNode.valueOf(edit.sku()));
        }
        if (edit.tags().isEmpty()) {
            return;
        }
        JsonNode tags = TemplateScope.field(nic, "tags");
        if (tags instanceof ObjectNode literal) {
            edit.tags().forEach(literal::put);
        } else if (tags != null && tags.isTextual()) {
            // The tags are an expression: keep it as written and add the required tags after it.
            String expr = tags.textValue();
            StringBuilder added = new StringBuilder();
            edit.tags().forEach((k, v) -> added.append(added.length() == 0 ? "" : ", ")
                    .append(ArmExpression.quote(k)).append(", ").append(ArmExpression.quote(v)));
            put(nic, "tags", TextNode.valueOf("[union(" + expr.substring(1, expr.length() - 1) + ", createObject("
                    + added + "))]"));
        } else {
            ObjectNode fresh = nic.objectNode();
            edit.tags().forEach(fresh::put);
            nic.set("tags", fresh);
        }
    }

    /** Sets {@code name} under the spelling the template already uses for it, in its place. */
    private static void put(ObjectNode obj, String name, JsonNode value) {
        var it = obj.fieldNames();
        while (it.hasNext()) {
            String key = it.next();
            if (key.equalsIgnoreCase(name)) {
                obj.set(key, value);
                return;
            }
        }
        obj.set(name, value);
    }

    private static String text(ArmValue v, PlanReasonCode code, String what, List<PlanReason> unresolved) {
        if (v.isKnown() && v.node().isTextual() && !v.node().textValue().isBlank()) {
            return v.node().textValue();
        }
        unresolved.add(PlanReason.of(code, what + (v.isKnown() ? " is missing or not text" : " is known only at deployment: "
                + v.why())));
        return null;
    }

    private static String optionalText(ArmValue v, String property, List<PlanReason> unresolved) {
        if (v.isKnown() && (v.node().isMissingNode() || v.node().isNull())) {
            return null;
        }
        if (v.isKnown() && v.node().isTextual()) {
            return v.node().textValue();
        }
        unresolved.add(PlanReason.of(PlanReasonCode.AUXILIARY_MODE_UNRESOLVED, "the NIC's " + property
                + (v.isKnown() ? " is not text" : " is known only at deployment: " + v.why())));
        return null;
    }

    /** ARM takes {@code "true"}/{@code "false"} strings for booleans, as templates pass string parameters to them. */
    private static Boolean bool(ArmValue v, List<PlanReason> unresolved) {
        JsonNode n = v.node();
        if (n != null && (n.isMissingNode() || n.isNull())) {
            return false;
        }
        if (n != null && n.isBoolean()) {
            return n.booleanValue();
        }
        if (n != null && n.isTextual() && (n.textValue().equalsIgnoreCase("true") || n.textValue().equalsIgnoreCase("false"))) {
            return n.textValue().equalsIgnoreCase("true");
        }
        unresolved.add(PlanReason.of(PlanReasonCode.ACCELERATED_NETWORKING_UNRESOLVED, "the NIC's enableAcceleratedNetworking"
                + (n == null ? " is known only at deployment: " + v.why() : " is not true or false")));
        return null;
    }

    private static Map<String, String> tags(ArmValue v, String what, List<PlanReason> unresolved) {
        JsonNode n = v.node();
        if (n != null && (n.isMissingNode() || n.isNull())) {
            return Map.of();
        }
        if (n != null && n.isObject()) {
            Map<String, String> m = new LinkedHashMap<>();
            n.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText()
                    : e.getValue().toString()));
            return m;
        }
        unresolved.add(PlanReason.of(PlanReasonCode.TAGS_UNRESOLVED, what
                + (n == null ? " are known only at deployment: " + v.why() : " are not an object")));
        return Map.of();
    }

    /**
     * A VM's tags matter only for an opt-out tag on the VM: when they are known only at deployment,
     * the NIC is still decided and the report says that such a tag would not have been seen.
     */
    static Map<String, String> vmTags(ArmValue v, String what, List<PlanReason> warnings) {
        List<PlanReason> unknown = new ArrayList<>(1);
        Map<String, String> tags = tags(v, what, unknown);
        unknown.forEach(u -> warnings.add(new PlanReason(u.code(), u.message() + "; an opt-out tag there is not seen")));
        return tags;
    }

    private NotInspected notInspected(Resource r, PlanReasonCode code, String message) {
        ArmValue name = scope.evaluate(r.node().get("name"), Copy.NONE);
        return new NotInspected(r.label(), r.type(), name.isKnown() ? name.node().asText() : r.node().path("name").asText(null),
                PlanReason.of(code, message));
    }
}
