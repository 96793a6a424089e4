package org.vae4j.api;

/**
 * Whether a backend can be opened on this machine, and if not, why.
 *
 * @param available whether {@link BackendProvider#open} is expected to work
 * @param reason why not (empty when available); one line a user can act on
 */
public record Availability(boolean available, String reason) {
    private static final Availability OK = new Availability(true, "");

    /** Normalises a null reason to empty. */
    public Availability {
        reason = reason == null ? "" : reason;
    }

    /** Returns the available state. */
    public static Availability ok() {
        return OK;
    }

    /** Returns the unavailable state with a reason. */
    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }

    /** Returns {@code available} or {@code unavailable: <reason>}. */
    @Override
    public String toString() {
        return available ? "available" : "unavailable: " + reason;
    }
}
