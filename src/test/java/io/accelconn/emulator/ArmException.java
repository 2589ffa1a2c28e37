package io.accelconn.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/** A failed ARM request; becomes {@code {"error":{"code","message"}}} with the given status. */
final class ArmException extends RuntimeException {
    final int status;
    final String code;
    final Map<String, String> headers = new LinkedHashMap<>();

    ArmException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    ArmException header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    static ArmException badRequest(String code, String message) {
        return new ArmException(400, code, message);
    }

    /** The wording ARM uses for a missing resource. */
    static ArmException notFound(ResourceId id) {
        return new ArmException(404, "ResourceNotFound", "The Resource '" + id.provider() + "/" + id.type() + "/"
                + id.name() + "' under resource group '" + id.resourceGroup() + "' was not found. "
                + "For more details please go to https://aka.ms/ARMResourceNotFoundFix");
    }
}
