package dev.rsidiff.engine.world;

/**
 * One object in a scene.
 *
 * @param shape  its shape
 * @param colour its colour
 * @param size   its size class
 * @param region the region its centre is in
 * @param jitterX horizontal offset from the region centre, as a fraction of the side
 * @param jitterY vertical offset from the region centre, as a fraction of the side
 * @param rotation rotation in radians (triangles, stars, squares and crosses)
 */
public record SceneObject(ShapeKind shape, Colour colour, SizeClass size, Region region,
                          double jitterX, double jitterY, double rotation) {

    /** "small red circle" */
    public String describe() {
        return size.word() + " " + colour.word() + " " + shape.word();
    }
}
