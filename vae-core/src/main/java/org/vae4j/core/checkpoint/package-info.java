/**
 * Checkpoints: a model, its optimizer state and the run's settings and history in one safetensors
 * file, written atomically and validated completely before anything is built from it.
 */
package org.vae4j.core.checkpoint;
