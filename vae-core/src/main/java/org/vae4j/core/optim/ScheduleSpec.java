package org.vae4j.core.optim;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * A learning-rate schedule written as text, the form the command line takes and checkpoints record.
 * {@link #parse} accepts:
 *
 * <ul>
 *   <li>{@code constant}: the base rate throughout (the default);
 *   <li>{@code step:EVERY:FACTOR}: {@link LrSchedule#step};
 *   <li>{@code exponential:GAMMA}: {@link LrSchedule#exponential};
 *   <li>{@code cosine[:EPOCHS[:MIN]]}: {@link LrSchedule#cosine} over EPOCHS (default the run's
 *       epochs) down to MIN (default {@value #COSINE_MIN});
 *   <li>{@code burda[:STAGES]}: {@link LrSchedule#burda} with STAGES stages (default 8, the paper's
 *       3,280 epochs).
 * </ul>
 *
 * <p>{@link #text()} spells every part out ({@code cosine} parsed for a 20-epoch run is {@code
 * cosine:20:1.0E-6}), so that the rate at each epoch stays the same when a resumed run extends its
 * epochs.
 */
public final class ScheduleSpec {
    /** The constant schedule. */
    public static final ScheduleSpec CONSTANT =
            new ScheduleSpec("constant", LrSchedule.constant(), 0);

    /** The default floor of {@code cosine}. */
    public static final double COSINE_MIN = 1e-6;

    /** The default number of stages of {@code burda}, the paper's. */
    public static final int BURDA_STAGES = 8;

    private static final List<String> KINDS =
            List.of("constant", "step", "exponential", "cosine", "burda");

    private static final String FORMS =
            "use constant, step:EVERY:FACTOR, exponential:GAMMA, cosine[:EPOCHS[:MIN]] or"
                    + " burda[:STAGES]";

    private final String text;
    private final LrSchedule schedule;
    private final int epochs;

    private ScheduleSpec(String text, LrSchedule schedule, int epochs) {
        this.text = text;
        this.schedule = schedule;
        this.epochs = epochs;
    }

    /**
     * Parses a schedule.
     *
     * @param text one of the forms in the class comment, ignoring case and surrounding space
     * @param runEpochs the run's epochs, the default horizon of {@code cosine}
     * @throws IllegalArgumentException with one line naming the accepted forms
     */
    public static ScheduleSpec parse(String text, int runEpochs) {
        String[] parts = (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)).split(":", -1);
        if (!KINDS.contains(parts[0])) {
            throw new IllegalArgumentException(
                    "Unknown learning-rate schedule '" + text + "'; " + FORMS);
        }
        try {
            return build(parts, runEpochs);
        } catch (NumberFormatException e) {
            throw bad(text, "a part is not a number");
        } catch (IllegalArgumentException e) {
            throw bad(text, e.getMessage());
        }
    }

    private static ScheduleSpec build(String[] parts, int runEpochs) {
        switch (parts[0]) {
            case "constant":
                parts(parts, 0, 0);
                return CONSTANT;
            case "step":
                parts(parts, 2, 2);
                int every = Integer.parseInt(parts[1]);
                double factor = Double.parseDouble(parts[2]);
                return new ScheduleSpec(
                        "step:" + every + ":" + factor, LrSchedule.step(every, factor), 0);
            case "exponential":
                parts(parts, 1, 1);
                double gamma = Double.parseDouble(parts[1]);
                return new ScheduleSpec("exponential:" + gamma, LrSchedule.exponential(gamma), 0);
            case "cosine":
                parts(parts, 0, 2);
                int horizon = parts.length > 1 ? Integer.parseInt(parts[1]) : runEpochs;
                double min = parts.length > 2 ? Double.parseDouble(parts[2]) : COSINE_MIN;
                return new ScheduleSpec(
                        "cosine:" + horizon + ":" + min, LrSchedule.cosine(horizon, min), 0);
            default:
                parts(parts, 0, 1);
                int stages = parts.length > 1 ? Integer.parseInt(parts[1]) : BURDA_STAGES;
                return new ScheduleSpec(
                        "burda:" + stages,
                        LrSchedule.burda(stages),
                        LrSchedule.burdaEpochs(stages));
        }
    }

    private static void parts(String[] parts, int least, int most) {
        int n = parts.length - 1;
        if (n < least || n > most) {
            throw new IllegalArgumentException(
                    parts[0]
                            + " takes "
                            + (least == most ? least : least + " to " + most)
                            + " numbers after it, but got "
                            + n);
        }
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException(
                "Bad learning-rate schedule '" + text + "': " + why + "; " + FORMS);
    }

    /** Returns the schedule. */
    public LrSchedule schedule() {
        return schedule;
    }

    /** Returns how many epochs the schedule lasts, for {@code burda}; empty for the others. */
    public OptionalInt epochs() {
        return epochs > 0 ? OptionalInt.of(epochs) : OptionalInt.empty();
    }

    /** Returns whether this is the IWAE paper's schedule. */
    public boolean isBurda() {
        return text.startsWith("burda");
    }

    /** Returns the schedule with every part spelled out, such as {@code burda:8}. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ScheduleSpec s && text.equals(s.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
