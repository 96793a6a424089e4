/**
 * The primitive ops a backend implements ({@link org.vae4j.api.ops.Op}, {@link
 * org.vae4j.api.ops.TensorOps}), their shared shape rules ({@link org.vae4j.api.ops.OpShapes}), and
 * the composite defaults of the optional fused ops ({@link org.vae4j.api.ops.CompositeOps}).
 */
package org.vae4j.api.ops;
