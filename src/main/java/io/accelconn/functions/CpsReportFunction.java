package io.accelconn.functions;

import io.accelconn.telemetry.CpsReport;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;

/**
 * {@code GET /cps-report?resourceId=...&from=...&to=...} or {@code ?groupBy=tier|size}: what
 * Accelerated Connections gave a NIC, a VM or the fleet.
 */
public class CpsReportFunction {

    @Inject
    CpsReport report;

    @Funq("cps-report")
    public Object report(CpsReport.Query query) {
        return report.answer(query);
    }
}
