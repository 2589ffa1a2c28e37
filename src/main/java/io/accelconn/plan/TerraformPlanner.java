package io.accelconn.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;

import io.accelconn.api.RequestRejected;
import io.accelconn.plan.NicJudge.Judgement;
import io.accelconn.policy.AuxiliaryMode;
import io.accelconn.policy.Drift;
import io.accelconn.policy.Tags;

/**
 * Reads {@code terraform show -json} output (format_version 1.x: "JSON Output Format",
 * developer.hashicorp.com/terraform/internals/json-format) and reports every
 * {@code azurerm_network_interface} the plan creates, with the VM that lists it in
 * {@code network_interface_ids}: by id when the plan knows the ids, else through the
 * configuration's references ({@code azurerm_network_interface.nva[0].id}, or
 * {@code azurerm_network_interface.nva} with {@code count.index}/{@code each.key}, matched to
 * the NIC instance with the VM's own index). A plan cannot be rewritten, so each eligible NIC
 * gets the HCL attributes to add, in the attribute names of the azurerm version the plan used.
 */
final class TerraformPlanner {

    static final String NIC = "azurerm_network_interface";
    static final Set<String> VMS = Set.of("azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine",
            "azurerm_virtual_machine");
    static final Set<String> SCALE_SETS = Set.of("azurerm_linux_virtual_machine_scale_set",
            "azurerm_windows_virtual_machine_scale_set", "azurerm_orchestrated_virtual_machine_scale_set",
            "azurerm_virtual_machine_scale_set");
    static final Set<String> TEMPLATE_DEPLOYMENTS = Set.of("azurerm_resource_group_template_deployment",
            "azurerm_subscription_template_deployment", "azurerm_template_deployment");
    /** azurerm 4.x; 3.x calls it {@code enable_accelerated_networking}. */
    static final String AN_4X = "accelerated_networking_enabled";
    static final String AN_3X = "enable_accelerated_networking";
    /** A plan larger than this is refused: a hub-and-spoke with NVAs has hundreds of resource changes, not tens of thousands. */
    static final int MAX_RESOURCE_CHANGES = 10_000;

    private static final Pattern NIC_REFERENCE = Pattern.compile("azurerm_network_interface\\.([A-Za-z0-9_-]+)(\\[(.+?)\\])?(\\..*)?");

    /** One entry of {@code resource_changes}. */
    private record Change(String address, String module, String type, String name, String index, List<String> actions,
            JsonNode after, JsonNode afterUnknown) {

        boolean creates() {
            return actions.contains("create");
        }

        JsonNode known(String attribute) {
            return afterUnknown.path(attribute).asBoolean(false) ? null : after.path(attribute);
        }
    }

    private final JsonNode plan;
    private final NicJudge judge;
    private final String vmSizeTag;

    TerraformPlanner(JsonNode plan, NicJudge judge, String vmSizeTag) {
        this.plan = plan;
        this.judge = judge;
        this.vmSizeTag = vmSizeTag;
    }

    static boolean looksLikePlan(JsonNode body) {
        return body.has("format_version") && (body.has("resource_changes") || body.has("planned_values")
                || body.has("terraform_version") || body.has("configuration"));
    }

    static void validate(JsonNode body) {
        String version = body.path("format_version").asText("");
        if (!version.matches("1\\.\\d{1,4}")) {
            throw RequestRejected.badRequest("UNSUPPORTED_PLAN_FORMAT", "format_version '" + printable(version)
                    + "' is not 1.x; plan reads terraform show -json output of Terraform 1.x");
        }
        JsonNode changes = body.get("resource_changes");
        if (changes != null && !changes.isArray()) {
            throw RequestRejected.badRequest("INVALID_PLAN", "resource_changes must be an array");
        }
        if (changes != null && changes.size() > MAX_RESOURCE_CHANGES) {
            throw RequestRejected.badRequest("TOO_MANY_RESOURCES", "the plan has " + changes.size()
                    + " resource changes; at most " + MAX_RESOURCE_CHANGES);
        }
    }

    TemplatePlanner.Result plan() {
        List<Change> nics = new ArrayList<>();
        List<Change> vms = new ArrayList<>();
        List<NotInspected> notInspected = new ArrayList<>();
        JsonNode changes = plan.path("resource_changes");
        for (int i = 0; i < changes.size(); i++) {
            Change c = change(changes.get(i), i);
            if (c == null) {
                continue;
            }
            if (c.type().equals(NIC) && c.creates()) {
                nics.add(c);
            } else if (VMS.contains(c.type()) && !c.actions().equals(List.of("delete"))) {
                vms.add(c);
            } else if (SCALE_SETS.contains(c.type()) && c.creates()) {
                notInspected.add(new NotInspected(c.address(), c.type(), name(c), PlanReason.of(PlanReasonCode.SCALE_SET,
                        "a scale set configures its NICs inside the set; not inspected")));
            } else if (TEMPLATE_DEPLOYMENTS.contains(c.type()) && c.creates()) {
                notInspected.add(new NotInspected(c.address(), c.type(), name(c), PlanReason.of(PlanReasonCode.NESTED_TEMPLATE,
                        "a template deployment's resources are not inspected; plan its template on its own")));
            }
        }
        // By position, not by equals: a change's equals would compare whole JSON trees.
        List<List<Change>> vmsOfNic = new ArrayList<>(nics.size());
        nics.forEach(n -> vmsOfNic.add(new ArrayList<>()));
        for (Change vm : vms) {
            for (Change nic : listedNics(vm, nics)) {
                for (int i = 0; i < nics.size(); i++) {
                    if (nics.get(i) == nic) {
                        vmsOfNic.get(i).add(vm);
                    }
                }
            }
        }
        List<PlannedNic> out = new ArrayList<>(nics.size());
        for (int i = 0; i < nics.size(); i++) {
            out.add(decide(nics.get(i), vmsOfNic.get(i)));
        }
        return new TemplatePlanner.Result(out, notInspected);
    }

    private static Change change(JsonNode rc, int i) {
        if (!rc.isObject() || !rc.path("type").isTextual() || !rc.path("change").isObject()) {
            throw RequestRejected.badRequest("INVALID_PLAN", "resource_changes[" + i + "] must be an object with type and change");
        }
        if (!rc.path("mode").asText("managed").equals("managed")) {
            return null;
        }
        List<String> actions = new ArrayList<>();
        rc.path("change").path("actions").forEach(a -> actions.add(a.asText()));
        JsonNode index = rc.get("index");
        return new Change(rc.path("address").asText(), rc.path("module_address").asText(""), rc.get("type").asText(),
                rc.path("name").asText(), index == null || index.isNull() ? null : index.asText(), actions,
                rc.path("change").path("after"), rc.path("change").path("after_unknown"));
    }

    /** The NICs a VM lists: by id where the plan knows ids, otherwise by the configuration's references. */
    private List<Change> listedNics(Change vm, List<Change> nics) {
        List<Change> found = new ArrayList<>();
        JsonNode ids = vm.known("network_interface_ids");
        if (ids != null && ids.isArray()) {
            JsonNode unknownIds = vm.afterUnknown().path("network_interface_ids");
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i).isTextual() && !unknownIds.path(i).asBoolean(false)) {
                    String id = ids.get(i).textValue();
                    nics.stream().filter(n -> isIdOf(id, n)).forEach(found::add);
                }
            }
        }
        JsonNode config = configResource(vm);
        JsonNode refs = config == null ? null : config.path("expressions").path("network_interface_ids").path("references");
        if (refs == null || !refs.isArray()) {
            return found;
        }
        List<String> all = new ArrayList<>();
        refs.forEach(r -> all.add(r.asText()));
        boolean perInstance = all.contains("count.index") || all.stream().anyMatch(r -> r.startsWith("each."));
        Map<String, List<String>> indexesByNic = new LinkedHashMap<>();
        for (String r : all) {
            Matcher m = NIC_REFERENCE.matcher(r);
            if (m.matches()) {
                List<String> indexes = indexesByNic.computeIfAbsent(m.group(1), k -> new ArrayList<>());
                if (m.group(3) != null) {
                    indexes.add(unquote(m.group(3)));
                }
            }
        }
        indexesByNic.forEach((nicName, indexes) -> {
            for (Change n : nics) {
                if (!n.name().equals(nicName) || !n.module().equals(vm.module()) || found.stream().anyMatch(f -> f == n)) {
                    continue;
                }
                boolean listed = !indexes.isEmpty() ? indexes.contains(n.index())
                        : !perInstance || vm.index() == null || vm.index().equals(n.index());
                if (listed) {
                    found.add(n);
                }
            }
        });
        return found;
    }

    /** {@code /subscriptions/../resourceGroups/<rg>/providers/Microsoft.Network/networkInterfaces/<name>} of the NIC, when its name and group are known. */
    private static boolean isIdOf(String id, Change nic) {
        JsonNode name = nic.known("name");
        JsonNode rg = nic.known("resource_group_name");
        if (name == null || rg == null || !name.isTextual() || !rg.isTextual()) {
            return false;
        }
        String suffix = ("/resourceGroups/" + rg.textValue() + "/providers/Microsoft.Network/networkInterfaces/"
                + name.textValue()).toLowerCase(Locale.ROOT);
        return id.toLowerCase(Locale.ROOT).endsWith(suffix);
    }

    /** The VM's block in {@code configuration}: module instance keys dropped, as the configuration has one block per module call. */
    private JsonNode configResource(Change vm) {
        JsonNode module = plan.path("configuration").path("root_module");
        if (!vm.module().isEmpty()) {
            for (String call : vm.module().replaceAll("\\[[^\\]]*\\]", "").split("\\.")) {
                if (!call.equals("module")) {
                    module = module.path("module_calls").path(call).path("module");
                }
            }
        }
        for (JsonNode r : module.path("resources")) {
            if (r.path("address").asText().equals(vm.type() + "." + vm.name())) {
                return r;
            }
        }
        return null;
    }

    private PlannedNic decide(Change nic, List<Change> vms) {
        List<PlanReason> unresolved = new ArrayList<>();
        List<PlanReason> warnings = new ArrayList<>();
        NicFacts.severalVms(vms.stream().map(Change::address).toList(), warnings);
        String region = text(nic.known("location"), PlanReasonCode.REGION_UNRESOLVED, "the NIC's location", unresolved);
        Map<String, String> tags = tags(nic.known("tags"), "the NIC's tags", unresolved);
        Map<String, String> vmTags = new LinkedHashMap<>();
        String vmSize = null;
        for (Change vm : vms) {
            JsonNode known = vm.known("tags");
            if (known == null) {
                warnings.add(PlanReason.of(PlanReasonCode.TAGS_UNRESOLVED, "the tags of " + vm.address()
                        + " are known only after apply; an opt-out tag there is not seen"));
            }
            vmTags.putAll(tags(known == null ? NullNode.getInstance() : known, "the tags of " + vm.address(), unresolved));
            String sizeAttribute = vm.type().equals("azurerm_virtual_machine") ? "vm_size" : "size";
            vmSize = NicFacts.agreedSize(vmSize, text(vm.known(sizeAttribute), PlanReasonCode.VM_SIZE_UNRESOLVED,
                    "the size of " + vm.address(), unresolved), unresolved);
        }
        if (vms.isEmpty()) {
            vmSize = Tags.get(tags, vmSizeTag);
        }
        String anAttribute = nic.after().has(AN_3X) && !nic.after().has(AN_4X) ? AN_3X : AN_4X;
        JsonNode an = nic.known(anAttribute);
        if (an == null) {
            unresolved.add(PlanReason.of(PlanReasonCode.ACCELERATED_NETWORKING_UNRESOLVED, anAttribute
                    + " is known only after apply"));
        }
        String mode = optionalText(nic.known("auxiliary_mode"), "auxiliary_mode", unresolved);
        String sku = optionalText(nic.known("auxiliary_sku"), "auxiliary_sku", unresolved);
        NicFacts facts = new NicFacts(region, vmSize, an != null && an.asBoolean(false), mode, sku, tags, vmTags,
                unresolved, warnings, "no VM in this plan lists this NIC in network_interface_ids (a VM in another "
                        + "module or plan is not followed), and it has no " + vmSizeTag + " tag naming its size");
        Judgement j = judge.judge(facts);
        List<PlanChange> changes = new ArrayList<>();
        String hcl = null;
        if (j.needsChanges()) {
            hcl = hcl(j, anAttribute, tags, an, changes);
        }
        return new PlannedNic(nic.address(), null, name(nic), region, vmSize, vms.stream().map(Change::address).toList(),
                j.verdict(), j.tier() == null ? null : j.tier().name(), j.reasons(), j.warnings(), changes, hcl);
    }

    /** The attributes to add, as HCL lines, and each as a change. */
    private static String hcl(Judgement j, String anAttribute, Map<String, String> tags, JsonNode an,
            List<PlanChange> changes) {
        StringBuilder out = new StringBuilder();
        if (j.enableAcceleratedNetworking()) {
            changes.add(new PlanChange(anAttribute, an == null || an.isNull() ? null : an.asBoolean(), true));
            out.append(anAttribute).append(" = true\n");
        }
        Map<String, String> desiredTags = new LinkedHashMap<>(tags);
        for (Drift.Change c : j.drift()) {
            if (c.field().startsWith("tags.")) {
                desiredTags.put(c.field().substring("tags.".length()), c.to());
                changes.add(new PlanChange(c.field(), c.from(), c.to()));
            } else {
                String attribute = c.field().equals("auxiliaryMode") ? "auxiliary_mode" : "auxiliary_sku";
                changes.add(new PlanChange(attribute, c.from(), c.to()));
                out.append(attribute).append(" = ").append(quote(c.to())).append('\n');
            }
        }
        if (j.drift().stream().anyMatch(c -> c.field().startsWith("tags."))) {
            out.append("tags = {\n");
            desiredTags.forEach((k, v) -> out.append("  ").append(k.matches("[A-Za-z_][A-Za-z0-9_-]*") ? k : quote(k))
                    .append(" = ").append(quote(v)).append('\n'));
            out.append("}\n");
        }
        return out.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("${", "$${").replace("%{", "%%{")
                .replace("\n", "\\n") + "\"";
    }

    private static String name(Change c) {
        JsonNode name = c.known("name");
        return name != null && name.isTextual() ? name.textValue() : c.address();
    }

    private static String unquote(String index) {
        return index.length() >= 2 && index.startsWith("\"") && index.endsWith("\"") ? index.substring(1, index.length() - 1)
                : index;
    }

    private static String text(JsonNode v, PlanReasonCode code, String what, List<PlanReason> unresolved) {
        if (v != null && v.isTextual() && !v.textValue().isBlank()) {
            return v.textValue();
        }
        unresolved.add(PlanReason.of(code, what + (v == null ? " is known only after apply" : " is missing")));
        return null;
    }

    private static String optionalText(JsonNode v, String attribute, List<PlanReason> unresolved) {
        if (v == null) {
            unresolved.add(PlanReason.of(PlanReasonCode.AUXILIARY_MODE_UNRESOLVED, attribute + " is known only after apply"));
            return null;
        }
        String s = v.isTextual() ? v.textValue() : null;
        // azurerm leaves the attribute out for None; the policy reads null and None alike.
        return s == null || s.isEmpty() || s.equalsIgnoreCase(AuxiliaryMode.NONE) ? null : s;
    }

    private static Map<String, String> tags(JsonNode v, String what, List<PlanReason> unresolved) {
        if (v == null) {
            unresolved.add(PlanReason.of(PlanReasonCode.TAGS_UNRESOLVED, what + " are known only after apply"));
            return Map.of();
        }
        Map<String, String> m = new LinkedHashMap<>();
        if (v.isObject()) {
            v.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }

    /** Echoes of the caller's text in messages stay printable ASCII. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 40; i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return sb.toString();
    }
}
