package org.vae4j.spark;

import java.io.Serializable;

/**
 * One training row as the workers keep it: its position in the input, which the epoch's shuffle
 * permutes, its values as the model sees them, and its class (-1 for unlabelled rows).
 *
 * @param index the row's position in the input
 * @param values the row's values
 * @param label the row's class, or -1
 */
record IndexedRow(long index, float[] values, int label) implements Serializable {}
