package io.accelconn.emulator;

/**
 * If-Match / If-None-Match of a write, checked inside the store's atomic compute so that of two
 * writers holding the same etag exactly one wins.
 */
record Preconditions(String ifMatch, String ifNoneMatch, boolean requireIfMatch) {

    static Preconditions none() {
        return new Preconditions(null, null, false);
    }

    void check(String currentEtag, boolean exists) {
        if (ifNoneMatch != null && ifNoneMatch.trim().equals("*") && exists) {
            throw failed("The resource already exists and If-None-Match is '*'.");
        }
        if (ifMatch != null) {
            if (!exists) throw failed("The resource does not exist; If-Match cannot match.");
            for (String candidate : ifMatch.split(",")) {
                String c = candidate.trim();
                if (c.equals("*") || c.equals(currentEtag)) return;
            }
            throw failed("The etag in the If-Match header does not match the resource's current etag. "
                    + "Read the resource again and retry.");
        } else if (requireIfMatch && exists) {
            throw new ArmException(428, "PreconditionRequired", "accelconn contract: updates must carry If-Match");
        }
    }

    private static ArmException failed(String message) {
        return new ArmException(412, "PreconditionFailed", message);
    }
}
