package dev.rsidiff.engine.world;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;

/** Renders scenes with Java2D into square RGB images; deterministic for a scene and size. */
public final class SceneRenderer {

    private final int size;

    public SceneRenderer(int size) {
        if (size != 32 && size != 64) {
            throw new IllegalArgumentException("Image size must be 32 or 64, got " + size);
        }
        this.size = size;
    }

    public int size() {
        return size;
    }

    public BufferedImage render(Scene scene) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(scene.background().awt());
            g.fillRect(0, 0, size, size);
            draw(g, scene.primary());
            scene.secondary().ifPresent(o -> draw(g, o));
        } finally {
            g.dispose();
        }
        return image;
    }

    private void draw(Graphics2D g, SceneObject o) {
        double cx = (o.region().centreX() + o.jitterX()) * size;
        double cy = (o.region().centreY() + o.jitterY()) * size;
        double extent = o.size().fraction() * size;
        double r = extent / 2;
        java.awt.Shape shape = switch (o.shape()) {
            case CIRCLE -> new Ellipse2D.Double(cx - r, cy - r, extent, extent);
            case SQUARE -> rotated(new Rectangle2D.Double(cx - r * 0.85, cy - r * 0.85, extent * 0.85, extent * 0.85),
                    o.rotation() % (Math.PI / 2) * 0.3, cx, cy);
            case TRIANGLE -> polygon(cx, cy, r, 3, 1.0, o.rotation() * 0.15 - Math.PI / 2);
            case STAR -> star(cx, cy, r, o.rotation() * 0.2 - Math.PI / 2);
            case RING -> ring(cx, cy, r);
            case CROSS -> cross(cx, cy, r);
        };
        g.setColor(o.colour().awt());
        g.fill(shape);
    }

    private static java.awt.Shape rotated(java.awt.Shape s, double angle, double cx, double cy) {
        return AffineTransform.getRotateInstance(angle, cx, cy).createTransformedShape(s);
    }

    private static java.awt.Shape polygon(double cx, double cy, double r, int n, double scale, double start) {
        return starPolygon(cx, cy, r * scale, r * scale, n, start);
    }

    private static java.awt.Shape star(double cx, double cy, double r, double start) {
        return starPolygon(cx, cy, r, r * 0.42, 5, start);
    }

    /** A closed path alternating between an outer and an inner radius ({@code inner == outer}: a regular polygon). */
    private static java.awt.Shape starPolygon(double cx, double cy, double outer, double inner, int points, double start) {
        boolean regular = inner == outer;
        int vertices = regular ? points : 2 * points;
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < vertices; i++) {
            double a = start + i * 2 * Math.PI / vertices;
            double rr = regular || i % 2 == 0 ? outer : inner;
            double x = cx + Math.cos(a) * rr;
            double y = cy + Math.sin(a) * rr;
            if (i == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    private static java.awt.Shape ring(double cx, double cy, double r) {
        Area outer = new Area(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        double inner = r * 0.55;
        outer.subtract(new Area(new Ellipse2D.Double(cx - inner, cy - inner, 2 * inner, 2 * inner)));
        return outer;
    }

    private static java.awt.Shape cross(double cx, double cy, double r) {
        double arm = r * 0.36;
        Area a = new Area(new Rectangle2D.Double(cx - r, cy - arm, 2 * r, 2 * arm));
        a.add(new Area(new Rectangle2D.Double(cx - arm, cy - r, 2 * arm, 2 * r)));
        return a;
    }
}
