package io.accelconn.eligibility;

import io.accelconn.catalog.SizeCatalogProvider;
import io.accelconn.policy.Assessment;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.CompliancePolicy;
import io.accelconn.policy.EligibilityPolicy;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PolicySettings;
import io.accelconn.policy.PowerState;
import io.accelconn.policy.SizeCatalog;
import io.accelconn.policy.Verdict;
import jakarta.enterprise.context.ApplicationScoped;

/** The rules with the application's configuration and its current size catalog. */
@ApplicationScoped
public class EligibilityService {

    private final PolicySettings settings;
    private final SizeCatalogProvider catalogs;
    private volatile EligibilityPolicy policy;
    private volatile SizeCatalog policyCatalog;

    public EligibilityService(PolicyConfig config, SizeCatalogProvider catalogs) {
        this.settings = config.toSettings();
        this.catalogs = catalogs;
    }

    public Verdict evaluate(Candidate candidate) {
        return policy().evaluate(candidate);
    }

    /** Where a NIC as ARM reports it stands, and what may be written given its VM's power state. */
    public Assessment assess(Candidate candidate, NicSettings current, PowerState power) {
        return new CompliancePolicy(policy()).assess(candidate, current, power);
    }

    public PolicySettings settings() {
        return settings;
    }

    /** Rebuilt only when the catalog was swapped, so a decision costs no allocation for it. */
    private EligibilityPolicy policy() {
        SizeCatalog catalog = catalogs.current();
        EligibilityPolicy p = policy;
        if (p == null || catalog != policyCatalog) {
            p = new EligibilityPolicy(settings, catalog);
            policy = p;
            policyCatalog = catalog;
        }
        return p;
    }
}
