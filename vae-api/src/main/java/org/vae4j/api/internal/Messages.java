package org.vae4j.api.internal;

import java.util.List;
import org.vae4j.api.ProviderStatus;

/**
 * The texts of discovery errors. Each ends with the anchor of its section in {@code
 * docs/TROUBLESHOOTING.md}, whose heading repeats the message.
 */
public final class Messages {
    /** Anchor for an unknown backend name. */
    public static final String UNKNOWN_BACKEND = "docs/TROUBLESHOOTING.md#unknown-backend";

    /** Anchor for a named backend that cannot run. */
    public static final String BACKEND_UNAVAILABLE = "docs/TROUBLESHOOTING.md#backend-unavailable";

    /** Anchor for no usable backend at all. */
    public static final String NO_BACKEND = "docs/TROUBLESHOOTING.md#no-backend";

    private Messages() {}

    /** The problem line, one line per provider, and the docs anchor. */
    public static String withReport(
            String firstLine, List<ProviderStatus> statuses, String anchor) {
        StringBuilder b = new StringBuilder(firstLine);
        if (statuses.isEmpty()) {
            b.append("\n  (no backend providers found on the class path)");
        }
        for (ProviderStatus s : statuses) {
            b.append("\n  ").append(s.describe());
        }
        return b.append("\nSee ").append(anchor).toString();
    }
}
