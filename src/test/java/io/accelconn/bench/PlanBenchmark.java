package io.accelconn.bench;

import java.util.Map;

/**
 * How long {@code POST /plan} takes for a template at ARM's limit of 800 resources (200 NVAs,
 * each a VM with three NICs, names and sizes through parameters, variables, concat and
 * resourceId as real templates write them) and for a Terraform plan of 800 resource changes,
 * against the packaged application as its own process. Prints wall times and the CPU time the
 * application spent (the fairer figure on a shared machine). Prints figures; asserts nothing.
 *
 * <pre>
 * ./mvnw -q package -DskipTests
 * ./mvnw -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=io.accelconn.bench.PlanBenchmark
 * </pre>
 * Arguments (optional): requests per measured run (default 100).
 */
public final class PlanBenchmark {

    static final int NVAS = 200;

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        String template = template();
        String terraform = terraform();
        try (AppProcess app = AppProcess.start(Map.of())) {
            run(app, "template, 800 resources", "/plan?location=westeurope", template, requests);
            run(app, "terraform plan, 800 resource changes", "/plan", terraform, requests);
            System.out.printf("load average %.1f on %d cores while measuring%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    Runtime.getRuntime().availableProcessors());
        }
    }

    private static void run(AppProcess app, String what, String path, String body, int requests) throws Exception {
        long cpu0 = app.cpuTime().toNanos();
        HttpLoad.Result first = HttpLoad.post("127.0.0.1", app.port(), path, body, 1, 1, 60);
        long cpu1 = app.cpuTime().toNanos();
        HttpLoad.Result warm = HttpLoad.post("127.0.0.1", app.port(), path, body, 1, requests, 300);
        long cpu2 = app.cpuTime().toNanos();
        System.out.printf("%s (%,d bytes): first request %.1f ms (app CPU %.1f ms); then one at a time: %s; "
                + "app CPU %.1f ms per request%n", what, body.length(), first.maxMicros() / 1000.0, (cpu1 - cpu0) / 1e6,
                warm, (cpu2 - cpu1) / 1e6 / Math.max(1, warm.requests()));
    }

    /** 200 x (VM + 3 NICs), compact, as az bicep build --stdout | jq -c would send it. */
    public static String template() {
        StringBuilder r = new StringBuilder();
        for (int i = 0; i < NVAS; i++) {
            for (int n = 1; n <= 3; n++) {
                r.append(r.length() == 0 ? "" : ",").append("{\"type\":\"Microsoft.Network/networkInterfaces\","
                        + "\"apiVersion\":\"2023-04-01\",\"name\":\"[concat(variables('prefix'),'-").append(i).append("-nic")
                        .append(n).append("')]\",\"location\":\"[parameters('location')]\",\"tags\":\"[parameters('tags')]\","
                        + "\"properties\":{\"enableIPForwarding\":true,\"enableAcceleratedNetworking\":true,"
                        + "\"ipConfigurations\":[{\"name\":\"ipconfig1\",\"properties\":{\"privateIPAllocationMethod\":\"Dynamic\","
                        + "\"subnet\":{\"id\":\"[resourceId('Microsoft.Network/virtualNetworks/subnets',variables('vnet'),'snet")
                        .append(n).append("')]\"}}}]}}");
            }
            r.append(",{\"type\":\"Microsoft.Compute/virtualMachines\",\"apiVersion\":\"2023-09-01\",\"name\":\"[concat(variables('prefix'),'-")
                    .append(i).append("')]\",\"location\":\"[parameters('location')]\",\"dependsOn\":[");
            for (int n = 1; n <= 3; n++) {
                r.append(n == 1 ? "" : ",").append("\"[resourceId('Microsoft.Network/networkInterfaces',concat(variables('prefix'),'-")
                        .append(i).append("-nic").append(n).append("'))]\"");
            }
            r.append("],\"properties\":{\"hardwareProfile\":{\"vmSize\":\"[parameters('sizes')[").append(i % 4)
                    .append("]]\"},\"storageProfile\":{\"imageReference\":{\"publisher\":\"fortinet\",\"offer\":\"fortinet_fortigate-vm_v5\","
                            + "\"sku\":\"fortinet_fg-vm\",\"version\":\"latest\"}},\"osProfile\":{\"computerName\":\"[concat(variables('prefix'),'-")
                    .append(i).append("')]\",\"adminUsername\":\"[parameters('adminUsername')]\"},\"networkProfile\":{\"networkInterfaces\":[");
            for (int n = 1; n <= 3; n++) {
                r.append(n == 1 ? "" : ",").append("{\"properties\":{\"primary\":").append(n == 1)
                        .append("},\"id\":\"[resourceId('Microsoft.Network/networkInterfaces',concat(variables('prefix'),'-")
                        .append(i).append("-nic").append(n).append("'))]\"}");
            }
            r.append("]}}}");
        }
        return "{\"$schema\":\"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#\","
                + "\"contentVersion\":\"1.0.0.0\",\"parameters\":{\"location\":{\"type\":\"string\",\"defaultValue\":"
                + "\"[resourceGroup().location]\"},\"adminUsername\":{\"type\":\"string\",\"defaultValue\":\"azureuser\"},"
                + "\"tags\":{\"type\":\"object\",\"defaultValue\":{\"owner\":\"netops\"}},\"sizes\":{\"type\":\"array\","
                + "\"defaultValue\":[\"Standard_F8s_v2\",\"Standard_D16s_v4\",\"Standard_D4s_v4\",\"Standard_E32s_v3\"]}},"
                + "\"variables\":{\"prefix\":\"fw\",\"vnet\":\"hub-vnet\"},\"resources\":[" + r + "]}";
    }

    /** 200 x (VM + 3 NICs) being created, NIC ids unknown at plan time, matched through the configuration. */
    public static String terraform() {
        StringBuilder rc = new StringBuilder();
        StringBuilder cfg = new StringBuilder();
        for (int i = 0; i < NVAS; i++) {
            StringBuilder refs = new StringBuilder();
            for (int n = 1; n <= 3; n++) {
                String name = "nva" + i + "_nic" + n;
                rc.append(rc.length() == 0 ? "" : ",").append("{\"address\":\"azurerm_network_interface.").append(name)
                        .append("\",\"mode\":\"managed\",\"type\":\"azurerm_network_interface\",\"name\":\"").append(name)
                        .append("\",\"change\":{\"actions\":[\"create\"],\"before\":null,\"after\":{\"name\":\"").append(name)
                        .append("\",\"location\":\"westeurope\",\"resource_group_name\":\"rg-hub\",\"accelerated_networking_enabled\":true,"
                                + "\"auxiliary_mode\":null,\"auxiliary_sku\":null,\"tags\":{\"owner\":\"netops\"}},\"after_unknown\":{\"id\":true}}}");
                cfg.append(cfg.length() == 0 ? "" : ",").append("{\"address\":\"azurerm_network_interface.").append(name)
                        .append("\",\"mode\":\"managed\",\"type\":\"azurerm_network_interface\",\"name\":\"").append(name).append("\"}");
                refs.append(n == 1 ? "" : ",").append("\"azurerm_network_interface.").append(name).append(".id\",\"azurerm_network_interface.")
                        .append(name).append("\"");
            }
            rc.append(",{\"address\":\"azurerm_linux_virtual_machine.nva").append(i).append("\",\"mode\":\"managed\",")
                    .append("\"type\":\"azurerm_linux_virtual_machine\",\"name\":\"nva").append(i).append("\",\"change\":{\"actions\":[\"create\"],")
                    .append("\"before\":null,\"after\":{\"name\":\"nva").append(i).append("\",\"size\":\"Standard_D16s_v4\",\"location\":\"westeurope\"},")
                    .append("\"after_unknown\":{\"id\":true,\"network_interface_ids\":true}}}");
            cfg.append(",{\"address\":\"azurerm_linux_virtual_machine.nva").append(i).append("\",\"mode\":\"managed\",")
                    .append("\"type\":\"azurerm_linux_virtual_machine\",\"name\":\"nva").append(i)
                    .append("\",\"expressions\":{\"network_interface_ids\":{\"references\":[").append(refs).append("]}}}");
        }
        return "{\"format_version\":\"1.2\",\"terraform_version\":\"1.9.5\",\"resource_changes\":[" + rc
                + "],\"configuration\":{\"root_module\":{\"resources\":[" + cfg + "]}}}";
    }
}
