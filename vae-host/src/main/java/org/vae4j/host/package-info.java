/**
 * Elementwise kernels as Java loops over host memory, shared by the CPU backends: every elementwise
 * op under NumPy broadcasting ({@link org.vae4j.host.HostElementwise}), whole elementwise
 * expressions in one pass ({@link org.vae4j.host.HostFusion}), and the float32 exp and log they are
 * built on ({@link org.vae4j.host.FloatMath}). A backend hands its arrays' storage in as {@link
 * org.vae4j.host.HostArray}s and cuts the work over its workers with an {@link
 * org.vae4j.host.ElementCut}; no engine op is dispatched.
 */
package org.vae4j.host;
