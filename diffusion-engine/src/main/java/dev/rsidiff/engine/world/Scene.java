package dev.rsidiff.engine.world;

import java.util.Optional;

/**
 * A scene of the shapes world with its ground truth: everything a caption can say about it and a judge can check.
 *
 * @param background background colour
 * @param primary    the main object
 * @param secondary  an optional second (small) object
 */
public record Scene(Colour background, SceneObject primary, Optional<SceneObject> secondary) {

    public Scene {
        if (primary.colour() == background) {
            throw new IllegalArgumentException("Object and background have the same colour " + background);
        }
        secondary.ifPresent(s -> {
            if (s.colour() == background) {
                throw new IllegalArgumentException("Second object has the background colour " + background);
            }
            if (s.region() == primary.region()) {
                throw new IllegalArgumentException("Both objects in region " + s.region());
            }
        });
    }
}
