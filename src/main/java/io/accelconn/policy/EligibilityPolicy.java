package io.accelconn.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * The Accelerated Connections rules of the feature documentation, applied to one candidate.
 * Pure and thread-safe: it holds only immutable settings and catalog. Every rule is checked
 * so that the caller learns all that stands in the way at once, not one reason per attempt.
 */
public final class EligibilityPolicy {

    private final PolicySettings settings;
    private final SizeCatalog catalog;

    public EligibilityPolicy(PolicySettings settings, SizeCatalog catalog) {
        this.settings = settings;
        this.catalog = catalog;
    }

    public PolicySettings settings() {
        return settings;
    }

    public Verdict evaluate(Candidate c) {
        List<Reason> reasons = new ArrayList<>(2);
        checkRegion(c, reasons);
        SizeCatalog.Entry size = checkSize(c, reasons);
        checkNic(c, reasons);
        if (!reasons.isEmpty()) {
            return new Verdict(List.copyOf(reasons), null, null, List.of());
        }
        TierPolicy.Choice choice = settings.tierPolicy().choose(size.activeVCpus(), c.nicTags());
        return new Verdict(List.of(), choice.tier(), Tags.merge(c.nicTags(), settings.requiredTags()),
                choice.warnings());
    }

    /**
     * Every rule that needs no VM size, for a NIC whose size is not known yet: when one of these
     * fails, the NIC is ineligible whatever its size turns out to be.
     */
    public List<Reason> reasonsWithoutSize(Candidate c) {
        List<Reason> reasons = new ArrayList<>(2);
        checkRegion(c, reasons);
        checkNic(c, reasons);
        return List.copyOf(reasons);
    }

    private void checkNic(Candidate c, List<Reason> reasons) {
        if (!c.acceleratedNetworking()) {
            reasons.add(new Reason(ReasonCode.ACCELERATED_NETWORKING_DISABLED,
                    "Accelerated Networking (enableAcceleratedNetworking) must be on for the NIC"));
        }
        if (!settings.isEnrolled(c.subscriptionId())) {
            reasons.add(new Reason(ReasonCode.SUBSCRIPTION_NOT_ENROLLED, c.subscriptionId() == null
                    ? "no subscription given, and only enrolled subscriptions are in scope"
                    : "subscription " + c.subscriptionId() + " is not signed up for Accelerated Connections"));
        }
        if (Tags.isTrue(c.nicTags(), settings.optOutTag()) || Tags.isTrue(c.vmTags(), settings.optOutTag())) {
            reasons.add(new Reason(ReasonCode.OPTED_OUT, "tag " + settings.optOutTag() + "=true on the "
                    + (Tags.isTrue(c.nicTags(), settings.optOutTag()) ? "NIC" : "VM")));
        }
        if (AuxiliaryMode.isOtherFeature(c.auxiliaryMode())) {
            reasons.add(new Reason(ReasonCode.AUXILIARY_MODE_CONFLICT, "the NIC's auxiliaryMode is "
                    + c.auxiliaryMode() + ", used by another feature; accelconn does not overwrite it"));
        }
        if (c.attachedToRunningVm()) {
            reasons.add(new Reason(ReasonCode.NIC_ATTACHED_TO_RUNNING_VM,
                    "the NIC is attached to a running VM; the VM must be stop-deallocated before the change"));
        }
    }

    private void checkRegion(Candidate c, List<Reason> reasons) {
        if (!Regions.isSupported(c.region())) {
            reasons.add(new Reason(ReasonCode.REGION_UNSUPPORTED,
                    "region '" + c.region() + "' does not offer Accelerated Connections"));
        }
    }

    /** The catalog entry, or null when the size is unknown (then no other size rule can run). */
    private SizeCatalog.Entry checkSize(Candidate c, List<Reason> reasons) {
        SizeCatalog.Entry entry = catalog.find(c.vmSize()).orElse(null);
        if (entry == null) {
            reasons.add(new Reason(ReasonCode.SIZE_UNKNOWN, "VM size '" + c.vmSize() + "' is not in the size catalog ("
                    + catalog.source() + ")"));
            return null;
        }
        String name = entry.spec().name();
        if (!entry.spec().acceleratedNetworking()) {
            reasons.add(new Reason(ReasonCode.SIZE_NO_ACCELERATED_NETWORKING,
                    name + " does not support Accelerated Networking"));
        }
        VmSizeName parsed = entry.name();
        if (parsed != null && parsed.isDv5Family()) {
            reasons.add(new Reason(ReasonCode.SIZE_FAMILY_EXCLUDED,
                    name + " is in the Dv5 family, which Accelerated Connections excludes"));
        }
        if (entry.activeVCpus() < settings.minVCpus()) {
            reasons.add(new Reason(ReasonCode.SIZE_TOO_SMALL, name + " has " + entry.activeVCpus()
                    + " active vCPUs; Accelerated Connections needs at least " + settings.minVCpus()));
        }
        if (settings.strictGenerations() && parsed != null && parsed.version() > 4) {
            reasons.add(new Reason(ReasonCode.SIZE_GENERATION_TOO_NEW,
                    name + " is v" + parsed.version() + "; strict mode admits only families up to v4"));
        }
        return entry;
    }
}
