package org.vae4j.api.support;

import java.util.ArrayList;
import java.util.List;
import org.vae4j.api.memory.Scope;
import org.vae4j.api.tensor.Tensor;

/**
 * A scope that frees its tensors by closing each of them: the explicit-release strategy shared by
 * the backends built on {@link AbstractBackend}. Scopes form a per-thread stack.
 */
final class TrackingScope implements Scope {
    private final AbstractBackend<?> backend;
    private final TrackingScope parent;
    private final Thread thread = Thread.currentThread();
    private final List<AbstractTensor> owned = new ArrayList<>();
    private boolean sealed;
    private boolean closed;

    TrackingScope(AbstractBackend<?> backend, TrackingScope parent) {
        this.backend = backend;
        this.parent = parent;
    }

    TrackingScope parent() {
        return parent;
    }

    void adopt(AbstractTensor t) {
        if (sealed) {
            throw new IllegalStateException(
                    "A " + t.shape() + " tensor was allocated in a sealed scope of " + backend);
        }
        owned.add(t);
        t.owner = this;
    }

    @Override
    public <T extends Tensor> T keep(T tensor) {
        AbstractTensor t = release(tensor, "keep");
        if (parent != null) {
            parent.owned.add(t);
            t.owner = parent;
        }
        return tensor;
    }

    @Override
    public <T extends Tensor> T detach(T tensor) {
        release(tensor, "detach");
        return tensor;
    }

    /** Removes a tensor this scope owns from its list and leaves it without an owner. */
    private AbstractTensor release(Tensor tensor, String what) {
        checkUsable();
        if (!(tensor instanceof AbstractTensor t) || t.owner != this) {
            throw new IllegalArgumentException(
                    "Scope." + what + ": " + tensor + " does not belong to this scope");
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            if (owned.get(i) == t) {
                owned.remove(i);
                break;
            }
        }
        t.owner = null;
        return t;
    }

    @Override
    public void seal() {
        checkUsable();
        sealed = true;
    }

    @Override
    public int size() {
        int n = 0;
        for (AbstractTensor t : owned) {
            if (!t.isClosed()) {
                n++;
            }
        }
        return n;
    }

    @Override
    public long bytes() {
        long n = 0;
        for (AbstractTensor t : owned) {
            if (!t.isClosed()) {
                n += t.shape().size() * t.dtype().byteSize();
            }
        }
        return n;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        checkThread();
        TrackingScope inner = backend.innermostScope();
        backend.setInnermostScope(parent);
        RuntimeException failure = null;
        for (TrackingScope s = inner; s != null && s != parent; s = s.parent) {
            failure = s.freeAll(failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Closes every owned tensor, folding any failures into {@code failure}. */
    private RuntimeException freeAll(RuntimeException failure) {
        closed = true;
        for (int i = owned.size() - 1; i >= 0; i--) {
            AbstractTensor t = owned.get(i);
            t.owner = null;
            try {
                t.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        owned.clear();
        return failure;
    }

    private void checkUsable() {
        checkThread();
        if (closed) {
            throw new IllegalStateException("This scope of " + backend + " is closed");
        }
    }

    private void checkThread() {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(
                    "A scope is confined to the thread that opened it ("
                            + thread.getName()
                            + "), but was used from "
                            + Thread.currentThread().getName());
        }
    }
}
