package io.accelconn.policy;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The regions where Accelerated Connections is offered, by ARM name, and the spelling rules
 * for what users type: ARM names, display names, any case and spacing.
 */
public final class Regions {

    /** The 16 regions of the feature documentation, by ARM name. */
    public static final Set<String> SUPPORTED = Set.of(
            "northcentralus", "westcentralus", "eastus", "westus", "eastus2", "centralus",
            "uksouth", "westeurope", "centralindia", "westus2", "westus3", "northeurope",
            "swedencentral", "southeastasia", "southcentralus", "australiaeast");

    /**
     * Display names whose letters do not simply collapse into the ARM name. The feature doc
     * writes "South UK" where ARM says uksouth.
     */
    private static final Map<String, String> ALIASES = Map.of(
            "southuk", "uksouth",
            "useast", "eastus",
            "useast2", "eastus2",
            "uswest", "westus",
            "uswest2", "westus2",
            "uswest3", "westus3",
            "uscentral", "centralus");

    private Regions() {
    }

    /**
     * The ARM name for any spelling ("East US 2", "eastus2", "EASTUS2", "South UK"), or empty
     * when nothing of a region name is left. Unsupported regions normalise too: the caller
     * decides with {@link #isSupported(String)}.
     */
    public static Optional<String> armName(String spelling) {
        if (spelling == null) {
            return Optional.empty();
        }
        String folded = fold(spelling);
        if (folded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ALIASES.getOrDefault(folded, folded));
    }

    public static boolean isSupported(String spelling) {
        return armName(spelling).map(SUPPORTED::contains).orElse(false);
    }

    /** Lower-cases letters and digits and drops everything else (spaces, dashes, parentheses). */
    private static String fold(String s) {
        // Portal lists prefix a geography: "(US) East US 2". Drop it.
        int close = s.indexOf(')');
        if (s.startsWith("(") && close > 0) {
            s = s.substring(close + 1);
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                out.append((char) (c + ('a' - 'A')));
            } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
