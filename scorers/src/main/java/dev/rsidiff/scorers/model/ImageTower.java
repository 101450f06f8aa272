package dev.rsidiff.scorers.model;

import ai.djl.ndarray.NDArray;
import dev.rsidiff.engine.nn.ConvLayer;
import dev.rsidiff.engine.nn.LinearLayer;
import dev.rsidiff.engine.nn.Ops;
import dev.rsidiff.engine.nn.Params;

/** A small CNN from a 32x32 RGB image to a feature vector: four convolutions (three strided) and global average pooling. */
public final class ImageTower {

    private final ConvLayer c1;
    private final ConvLayer c2;
    private final ConvLayer c4;
    private final ConvLayer c5;
    private final LinearLayer head;
    private final int width;

    /** @param outDim width of the linear head after pooling; 0 for none (features only) */
    public ImageTower(Params p, int outDim) {
        this.width = 128;
        c1 = new ConvLayer(p.child("c1"), 3, 32, 3, 1, 1.4);
        c2 = new ConvLayer(p.child("c2"), 32, 64, 3, 2, 1.4);
        c4 = new ConvLayer(p.child("c4"), 64, width, 3, 2, 1.4);
        c5 = new ConvLayer(p.child("c5"), width, width, 3, 2, 1.4);
        head = outDim == 0 ? null : new LinearLayer(p.child("head"), width, outDim, 1.0);
    }

    /** Pooled features before the head, (B, 128): what the evaluator's distances use. */
    public NDArray features(NDArray images) {
        NDArray h = Ops.silu(c1.forward(images));
        h = Ops.silu(c2.forward(h));
        h = Ops.silu(c4.forward(h));
        h = Ops.silu(c5.forward(h));
        long b = h.getShape().get(0);
        return h.reshape(b, width, -1).mean(new int[]{2});
    }

    /** Features through the head; a tower built with outDim 0 has no head. */
    public NDArray forward(NDArray images) {
        if (head == null) {
            throw new IllegalStateException("This image tower has no head; use features()");
        }
        return head.forward(features(images));
    }
}
