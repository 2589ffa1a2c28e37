package io.accelconn.azure;

/**
 * What {@link NicGateway#apply} did.
 *
 * @param before   the NIC state the last decision was made on
 * @param after    the NIC after the write (ARM's answer once the operation Succeeded), or
 *                 {@code before} when nothing was written
 * @param written  whether a PUT succeeded
 * @param attempts how many read-decide rounds it took (1 + the number of 412 races lost)
 */
public record WriteOutcome(Nic before, Nic after, boolean written, int attempts) {
}
