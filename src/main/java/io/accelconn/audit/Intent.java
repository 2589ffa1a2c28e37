package io.accelconn.audit;

import java.time.Instant;

/**
 * A NIC write that was about to be sent, recorded on the (event, NIC) claim before the PUT: if
 * ARM accepts the write but its confirmation is lost (an operation poll fails, the worker dies,
 * the record cannot be written), the next delivery finds the NIC at the target and records the
 * write as made, with the state from before it.
 *
 * @param before    JSON text of the NIC's auxiliary mode, SKU and tags before the write (as in {@link AuditRecord#before()})
 * @param target    JSON text of what the write sets: mode, SKU and the required tags
 * @param decision  what the write is recorded as once confirmed: {@code APPLIED} or {@code RESTARTED_AND_APPLIED}
 * @param armWrites ARM writes made for it when the PUT went out (the PUT itself included)
 * @param at        when the intent was recorded
 */
public record Intent(String before, String target, String decision, int armWrites, Instant at) {
}
