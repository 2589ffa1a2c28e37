package io.accelconn.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.accelconn.catalog.SizeCatalogProvider;
import io.accelconn.policy.Candidate;
import io.accelconn.policy.ComplianceClass;
import io.accelconn.policy.CompliancePolicy;
import io.accelconn.policy.EligibilityPolicy;
import io.accelconn.policy.NicSettings;
import io.accelconn.policy.PolicySettings;
import io.accelconn.policy.PowerState;

/**
 * The demo fleet is what README's table says: each NIC's documented class is the one the policy
 * gives it (default configuration, bundled catalog), and the emulator serves it as seeded.
 */
class DemoFleetTest {

    private static final CompliancePolicy POLICY = new CompliancePolicy(
            new EligibilityPolicy(PolicySettings.DEFAULT, SizeCatalogProvider.loadBundled(new ObjectMapper())));

    @Test
    void everyNicHasTheClassItsRowDocuments() {
        for (DemoFleet.Nic n : DemoFleet.NICS) {
            Map<String, String> tags = new HashMap<>(n.tags());
            String size = n.vmSize() != null ? n.vmSize() : tags.get("accelconn-vm-size");
            Candidate c = new Candidate(n.region(), size, n.acceleratedNetworking(), n.subscription(), tags, n.vmTags(),
                    n.auxiliaryMode(), false);
            PowerState power = n.power() == null ? PowerState.NO_VM : PowerState.of(n.power());
            ComplianceClass got = POLICY.assess(c, new NicSettings(n.auxiliaryMode(), n.auxiliarySku(), tags), power)
                    .compliance();
            assertEquals(ComplianceClass.valueOf(n.expected()), got, n.name());
        }
    }

    @Test
    void namesAreUniqueAndEveryClassIsShown() {
        Set<String> names = new HashSet<>();
        Set<String> classes = new HashSet<>();
        for (DemoFleet.Nic n : DemoFleet.NICS) {
            assertTrue(names.add(n.name()), "one NIC per name: " + n.name());
            classes.add(n.expected());
        }
        for (ComplianceClass c : ComplianceClass.values()) {
            assertTrue(classes.contains(c.name()), "the demo fleet shows " + c);
        }
    }

    /** README's table of the fleet: one row per NIC, in the fleet's order, with its group, region, size, power and class. */
    @Test
    void readmeTableIsTheFleet() throws IOException {
        List<String> rows = new ArrayList<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(Path.of("README.md"))) {
            inSection = line.startsWith("### ") ? line.equals("### The demo fleet") : inSection;
            if (inSection && line.startsWith("| prod |") || inSection && line.startsWith("| branch |")) {
                rows.add(line);
            }
        }
        List<String> fleet = new ArrayList<>();
        List<String> readme = new ArrayList<>();
        for (int i = 0; i < DemoFleet.NICS.size(); i++) {
            DemoFleet.Nic n = DemoFleet.NICS.get(i);
            fleet.add(String.join(" ", n.subscription().equals(DemoFleet.PROD) ? "prod" : "branch", n.resourceGroup(),
                    n.region(), n.name(), n.vmSize() == null ? "" : n.vmSize(), n.power() == null ? "no VM" : n.power(),
                    n.expected()));
            if (i < rows.size()) {
                String[] c = rows.get(i).split("\\|", -1);
                String size = c[5].trim().startsWith("(") ? "" : c[5].trim();
                readme.add(String.join(" ", c[1].trim(), c[2].trim(), c[3].trim(), c[4].trim(), size, c[6].trim(),
                        c[8].trim()));
            }
        }
        assertEquals(fleet, readme);
        assertEquals(DemoFleet.NICS.size(), rows.size());
    }

    @Test
    void theEmulatorServesTheFleetAsSeeded() {
        try (ArmEmulator arm = ArmEmulator.start(0)) {
            DemoFleet.seed(arm);
            DemoFleet.Nic twoNics = DemoFleet.nic("fw-eus2-06-nic1");
            JsonNode nic = arm.nic(twoNics.id()).orElseThrow();
            assertEquals(twoNics.vmId(), nic.path("properties").path("virtualMachine").path("id").asText());
            assertEquals(2, arm.vm(twoNics.vmId()).orElseThrow().path("properties").path("networkProfile")
                    .path("networkInterfaces").size());
            assertEquals("deallocated", arm.powerState(twoNics.vmId()).orElseThrow());
            DemoFleet.Nic maxConnections = DemoFleet.nic("lb-eus2-01-nic0");
            assertEquals("MaxConnections", arm.nic(maxConnections.id()).orElseThrow().path("properties")
                    .path("auxiliaryMode").asText());
        }
    }
}
