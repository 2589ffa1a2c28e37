package io.accelconn.policy;

/**
 * One VM size as the Resource SKUs API describes it, trimmed to what the eligibility rules need.
 *
 * @param name          ARM size name, e.g. {@code Standard_D8s_v5}
 * @param family        SKU family, e.g. {@code standardDSv5Family}
 * @param vCpus         the {@code vCPUs} capability
 * @param vCpusAvailable the {@code vCPUsAvailable} capability: lower than {@code vCpus} for
 *                      constrained-core sizes such as {@code Standard_E8-2s_v4}
 * @param acceleratedNetworking the {@code AcceleratedNetworkingEnabled} capability
 * @param maxNics       the {@code MaxNetworkInterfaces} capability, 0 when unknown
 */
public record VmSizeSpec(String name, String family, int vCpus, int vCpusAvailable,
        boolean acceleratedNetworking, int maxNics) {
}
