package io.accelconn.sweep;

import java.util.List;
import java.util.Map;

import io.accelconn.azure.FleetNic;
import io.accelconn.azure.Nic;
import io.accelconn.azure.Vm;
import io.accelconn.eligibility.EligibilityService;
import io.accelconn.enforcement.EnforceConfig;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PowerState;
import io.accelconn.policy.Reason;
import io.accelconn.policy.Tags;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Judges an inventory row with the one compliance policy the event path uses, from what the
 * inventory says alone: no ARM read. The size is the VM's, or for a NIC without one the size tag
 * it was deployed with, as on the event path.
 */
@ApplicationScoped
class NicClassifier {

    private final EligibilityService eligibility;
    private final EnforceConfig enforce;

    NicClassifier(EligibilityService eligibility, EnforceConfig enforce) {
        this.eligibility = eligibility;
        this.enforce = enforce;
    }

    Assessment assess(FleetNic row) {
        Nic nic = row.nic();
        Vm vm = row.vm();
        String size = vm != null && vm.size() != null ? vm.size() : Tags.get(nic.tags(), enforce.vmSizeTag());
        PowerState power = nic.vmId() == null ? PowerState.NO_VM : vm == null ? PowerState.UNKNOWN : PowerState.of(vm.powerState());
        Candidate candidate = new Candidate(nic.location(), size, nic.acceleratedNetworking(), nic.subscriptionId(), nic.tags(),
                vm == null ? Map.of() : vm.tags(), nic.auxiliaryMode(), false);
        return eligibility.assess(candidate, new NicSettings(nic.auxiliaryMode(), nic.auxiliarySku(), nic.tags()), power);
    }

    /** The size classification looked at, for learning sizes the bundled catalog does not know. */
    String size(FleetNic row) {
        return row.vm() != null && row.vm().size() != null ? row.vm().size() : Tags.get(row.nic().tags(), enforce.vmSizeTag());
    }

    static List<String> codes(Assessment a) {
        return a.reasons().stream().map(Reason::code).map(Enum::name).toList();
    }
}
