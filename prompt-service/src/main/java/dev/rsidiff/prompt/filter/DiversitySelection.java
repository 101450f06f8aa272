package dev.rsidiff.prompt.filter;

import org.apache.commons.math3.ml.clustering.CentroidCluster;
import org.apache.commons.math3.ml.clustering.Clusterable;
import org.apache.commons.math3.ml.clustering.KMeansPlusPlusClusterer;
import org.apache.commons.math3.ml.distance.EuclideanDistance;
import org.apache.commons.math3.random.JDKRandomGenerator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Diversity: K-means (k-means++ initialisation, Commons Math, seeded) over prompt embeddings, keeping the prompts
 * nearest each cluster centre, so a round's prompt set covers the pool instead of repeating its commonest kind.
 */
public final class DiversitySelection {

    /**
     * A kept prompt.
     *
     * @param index    index of the prompt in the input
     * @param cluster  its cluster
     * @param distance its distance to the cluster centre
     */
    public record Pick(int index, int cluster, double distance) {
    }

    private DiversitySelection() {
    }

    /** Clusters {@code embeddings} into {@code k} clusters and keeps the {@code perCluster} nearest each centre. */
    public static List<Pick> select(double[][] embeddings, int k, int perCluster, long seed) {
        if (k < 1 || k > embeddings.length) {
            throw new IllegalArgumentException("k must be in [1, " + embeddings.length + "], got " + k);
        }
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < embeddings.length; i++) {
            points.add(new Point(i, embeddings[i]));
        }
        JDKRandomGenerator random = new JDKRandomGenerator();
        random.setSeed(seed);
        KMeansPlusPlusClusterer<Point> clusterer = new KMeansPlusPlusClusterer<>(k, 100, new EuclideanDistance(), random);
        List<CentroidCluster<Point>> clusters = clusterer.cluster(points);
        clusters.sort(Comparator.comparingInt(c -> c.getPoints().stream().mapToInt(Point::index).min().orElse(0)));
        EuclideanDistance distance = new EuclideanDistance();
        List<Pick> picks = new ArrayList<>();
        for (int c = 0; c < clusters.size(); c++) {
            double[] centre = clusters.get(c).getCenter().getPoint();
            int cluster = c;
            clusters.get(c).getPoints().stream()
                    .map(p -> new Pick(p.index(), cluster, distance.compute(centre, p.getPoint())))
                    .sorted(Comparator.comparingDouble(Pick::distance).thenComparingInt(Pick::index))
                    .limit(perCluster)
                    .forEach(picks::add);
        }
        return picks;
    }

    private record Point(int index, double[] embedding) implements Clusterable {
        @Override
        public double[] getPoint() {
            return embedding;
        }
    }
}
