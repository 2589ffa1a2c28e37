package io.accelconn.policy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Azure VM size name taken apart by the documented naming convention
 * {@code [Tier]_[Family][#vCPUs][-constrained vCPUs][features][_accelerator][_version][_Promo]}.
 *
 * @param tier               {@code Standard} or {@code Basic}
 * @param family             the upper-case family letters: {@code D}, {@code DS}, {@code NC}, {@code FX}...
 * @param sizeNumber         the number after the family. For most sizes the vCPU count, but not for
 *                           older series (Standard_DS3_v2 has 4 vCPUs): the catalog is authoritative.
 * @param constrainedVCpus   active vCPUs of a constrained-core size ({@code E8-2s_v4} → 2), else 0
 * @param features           additive feature letters ({@code s}, {@code ads}, {@code ms}...)
 * @param variant            what stands between features and version: accelerator or memory variant
 *                           ({@code A100}, {@code 4}, {@code xl_RTXPRO6000BSE}), else empty
 * @param version            the series version, 1 when the name has none
 * @param promo              a {@code _Promo} size
 */
public record VmSizeName(String tier, String family, int sizeNumber, int constrainedVCpus,
        String features, String variant, int version, boolean promo) {

    private static final Pattern NAME = Pattern.compile(
            "(?i:(Standard|Basic))_([A-Za-z]+)(\\d+)(?:-(\\d+))?([a-z]*)((?:_[A-Za-z0-9]+?)*?)(?:_[vV](\\d+))?(_(?i:Promo))?");

    public static Optional<VmSizeName> parse(String name) {
        if (name == null || name.length() > 64) {
            return Optional.empty();
        }
        Matcher m = NAME.matcher(name.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        String variant = m.group(6).isEmpty() ? "" : m.group(6).substring(1);
        return Optional.of(new VmSizeName(
                m.group(1),
                m.group(2).toUpperCase(java.util.Locale.ROOT),
                Integer.parseInt(m.group(3)),
                m.group(4) == null ? 0 : Integer.parseInt(m.group(4)),
                m.group(5),
                variant,
                m.group(7) == null ? 1 : Integer.parseInt(m.group(7)),
                m.group(8) != null));
    }

    /**
     * The general-purpose D series of version 5 (Dv5, Dsv5, Ddsv5, Dasv5, Dadsv5, Dlsv5,
     * Dpsv5...), which the feature excludes. Confidential DC sizes are a family of their own.
     */
    public boolean isDv5Family() {
        return "D".equals(family) && version == 5;
    }

    public boolean isConstrained() {
        return constrainedVCpus > 0;
    }
}
