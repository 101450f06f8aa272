package dev.rsidiff.generator.generation;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.bus.listen.BatchTasks;
import dev.rsidiff.bus.listen.FailurePolicy;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.blob.StoredBlob;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.NoOpSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.image.SamplingSettings;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.protocol.config.RunSampling;
import dev.rsidiff.schemas.RecordFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * The generator's work: n images for each prompt of a batch, with the checkpoint the prompt's round names and the
 * run's sampling settings, one recorded seed per image. Prompts of the same run, round and checkpoint are sampled
 * together (the sampler batches them). An image already stored by an earlier attempt is reused, not drawn again,
 * so a redelivered prompt yields the same image ids and bytes.
 */
public final class ImageGeneration implements AutoCloseable {

    /** The stage's name among announcements. */
    public static final String STAGE = "generation";

    private static final Logger LOG = LoggerFactory.getLogger(ImageGeneration.class);

    private final BlobStore blobs;
    private final RunConfigStore configs;
    private final ModelCache models;
    private final EventMetas metas;
    private final int samplerBatch;
    private final Consumer<List<ImageGenerated>> publish;
    private final Announcements announcements;
    private final BatchTasks io = new BatchTasks("generation-io");

    /** @param publish writes a group's image events and returns once the broker has acknowledged them all */
    public ImageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventMetas metas,
                           int samplerBatch, Consumer<List<ImageGenerated>> publish) {
        this(blobs, configs, models, metas, samplerBatch, publish, new Announcements(blobs, STAGE));
    }

    /** @param announcements this stage's announcements, whose {@link Announcements#sender} {@code publish} uses */
    public ImageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventMetas metas,
                           int samplerBatch, Consumer<List<ImageGenerated>> publish, Announcements announcements) {
        this.blobs = blobs;
        this.configs = configs;
        this.models = models;
        this.metas = metas;
        this.samplerBatch = samplerBatch;
        this.publish = publish;
        this.announcements = announcements;
    }

    /**
     * Generates and announces the images of every prompt in the batch that was not announced before (a prompt
     * redelivered, or twice in one batch, is announced once).
     *
     * @return the prompts that cannot be generated, with the reason (they go to the dead-letter topic)
     */
    public Map<PromptFiltered, RuntimeException> accept(List<PromptFiltered> prompts) {
        Map<String, List<PromptFiltered>> groups = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, Set<String>> announced = new HashMap<>();
        for (PromptFiltered p : prompts) {
            String runId = p.getMeta().getRunId();
            int round = p.getMeta().getRound();
            Set<String> before = announced.computeIfAbsent(runId + "|" + round, k -> announcements.announcedAmong(
                    runId, round, prompts.stream().filter(q -> q.getMeta().getRunId().equals(runId)
                            && q.getMeta().getRound() == round).map(PromptFiltered::getPromptId).toList()));
            if (!seen.add(runId + "|" + p.getPromptId()) || before.contains(p.getPromptId())) {
                LOG.debug("Run {} round {}: prompt {} was already announced; acknowledged", runId, round, p.getPromptId());
                continue;
            }
            groups.computeIfAbsent(runId + "|" + round + "|" + p.getCheckpointId(), k -> new ArrayList<>()).add(p);
        }
        Map<PromptFiltered, RuntimeException> rejected = new LinkedHashMap<>();
        for (List<PromptFiltered> group : groups.values()) {
            List<ImageGenerated> images;
            long start = System.nanoTime();
            try {
                images = generateGroup(group);
            } catch (RuntimeException e) {
                if (!FailurePolicy.isRecordFault(e)) {
                    throw e;
                }
                group.forEach(p -> rejected.put(p, e));
                continue;
            }
            Map<String, List<ImageGenerated>> byPrompt = new LinkedHashMap<>();
            images.forEach(i -> byPrompt.computeIfAbsent(i.getPromptId(), k -> new ArrayList<>()).add(i));
            PromptFiltered first = group.get(0);
            long generated = System.nanoTime();
            announcements.onceEach(first.getMeta().getRunId(), first.getMeta().getRound(),
                    group.stream().map(PromptFiltered::getPromptId).toList(),
                    promptId -> publish.accept(byPrompt.getOrDefault(promptId, List.of())));
            long end = System.nanoTime();
            LOG.info("Run {} round {}: {} images announced for {} prompts in {} ms: generated and stored in {} ms,"
                            + " announced in {} ms", first.getMeta().getRunId(), first.getMeta().getRound(),
                    images.size(), group.size(), ms(end - start), ms(generated - start), ms(end - generated));
        }
        return rejected;
    }

    private List<ImageGenerated> generateGroup(List<PromptFiltered> group) {
        PromptFiltered first = group.get(0);
        String runId = first.getMeta().getRunId();
        int round = first.getMeta().getRound();
        RunConfig config = configs.load(runId);
        SamplingSettings sampling = RunSampling.recorded(config);
        Map<String, PromptFiltered> promptOf = new LinkedHashMap<>();
        Map<String, Long> seedOf = new LinkedHashMap<>();
        for (PromptFiltered p : group) {
            int promptIndex = promptIndex(p);
            for (int j = 0; j < p.getImagesPerPrompt(); j++) {
                String imageId = RoundIds.imageId(p.getPromptId(), j);
                promptOf.put(imageId, p);
                seedOf.put(imageId, RoundIds.imageSeed(config.getSeed(), round, promptIndex, j));
            }
        }
        long start = System.nanoTime();
        Map<String, Optional<BlobStore.Found>> existing = earlierAttempts(runId, round, promptOf);
        List<Planned> planned = new ArrayList<>();
        promptOf.forEach((imageId, p) -> planned.add(new Planned(p, imageId, seedOf.get(imageId), existing.get(imageId))));
        List<Planned> missing = planned.stream().filter(x -> x.existing().isEmpty()).toList();
        Map<String, StoredBlob> stored = new LinkedHashMap<>();
        int size = 0;
        if (!missing.isEmpty()) {
            long[] seeds = missing.stream().mapToLong(Planned::seed).toArray();
            long checked = System.nanoTime();
            SampleResult result = sample(config, first.getCheckpointId(),
                    missing.stream().map(x -> x.prompt().getText()).toList(), seeds, sampling);
            size = result.imageSize();
            long sampled = System.nanoTime();
            Map<Integer, StoredBlob> put = io.all(IntStream.range(0, missing.size()).boxed().toList(),
                    i -> blobs.put(BlobKeys.image(runId, round, missing.get(i).imageId()), Images.png(result.image(i)),
                            "image/png"));
            put.forEach((i, blob) -> stored.put(missing.get(i).imageId(), blob));
            // Where a batch's time goes, for `rsi bench loop` and for whoever sizes the store and the broker
            long storedAt = System.nanoTime();
            LOG.info("Run {} round {}: {} images for {} prompts on {} in {} ms by {} ({} reused): earlier attempts"
                            + " checked in {} ms, sampled in {} ms, encoded and stored in {} ms", runId, round,
                    missing.size(), group.size(), first.getCheckpointId(), result.elapsed().toMillis(),
                    config.getSampler(), planned.size() - missing.size(), ms(checked - start), ms(sampled - checked),
                    ms(storedAt - sampled));
        }
        // All reused: the size is that of a stored image, so no checkpoint is loaded just to learn it.
        int px = size > 0 ? size : Images.fromPng(planned.get(0).existing().orElseThrow().bytes()).getWidth();
        List<ImageGenerated> events = new ArrayList<>();
        for (Planned x : planned) {
            StoredBlob blob = x.existing().map(BlobStore.Found::blob).orElseGet(() -> stored.get(x.imageId()));
            PromptFiltered p = x.prompt();
            events.add(ImageGenerated.newBuilder()
                    .setMeta(metas.next(runId, round))
                    .setPromptId(p.getPromptId())
                    .setPromptText(p.getText())
                    .setImageId(x.imageId())
                    .setImage(blob.toRef())
                    .setSeed(x.seed())
                    .setSampling(sampling)
                    .setCheckpointId(p.getCheckpointId())
                    .setExpectedImages(p.getPromptCount() * p.getImagesPerPrompt())
                    .setWidthPx(px)
                    .setHeightPx(px)
                    .build());
        }
        return events;
    }

    /**
     * The images of the group that an earlier attempt stored, by image id (empty for the others): one listing per
     * prompt (its images' keys share all but their last characters), and a read of only what is there, which is
     * nothing unless an attempt was interrupted.
     */
    private Map<String, Optional<BlobStore.Found>> earlierAttempts(String runId, int round,
                                                                   Map<String, PromptFiltered> promptOf) {
        Map<String, BlobKey> keyOf = new LinkedHashMap<>();
        Map<String, List<BlobKey>> keysOfPrompt = new LinkedHashMap<>();
        promptOf.forEach((imageId, p) -> {
            BlobKey key = BlobKeys.image(runId, round, imageId);
            keyOf.put(imageId, key);
            keysOfPrompt.computeIfAbsent(p.getPromptId(), k -> new ArrayList<>()).add(key);
        });
        Set<BlobKey> stored = new HashSet<>();
        io.all(List.copyOf(keysOfPrompt.keySet()), promptId -> blobs.existingAmong(keysOfPrompt.get(promptId)))
                .values().forEach(stored::addAll);
        List<String> found = keyOf.keySet().stream().filter(imageId -> stored.contains(keyOf.get(imageId))).toList();
        Map<String, Optional<BlobStore.Found>> read = io.all(found, imageId -> blobs.readIfExists(keyOf.get(imageId)));
        Map<String, Optional<BlobStore.Found>> out = new LinkedHashMap<>();
        promptOf.keySet().forEach(imageId -> out.put(imageId, read.getOrDefault(imageId, Optional.empty())));
        return out;
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }

    /** The run's sampler on the checkpoint's model; the no-op sampler only takes the model's image size. */
    private SampleResult sample(RunConfig config, String checkpointId, List<String> prompts, long[] seeds,
                                SamplingSettings sampling) {
        DiffusionModel model = models.model(checkpointId);
        if (RunConfigs.NO_OP.equals(config.getSampler())) {
            return new NoOpSampler(model.config().imageSize()).sample(prompts, seeds);
        }
        return new DdimSampler(model).sample(prompts, seeds, RunSampling.engine(sampling, samplerBatch));
    }

    @Override
    public void close() {
        io.close();
    }

    /**
     * The prompt's index within its round, which its images' seeds follow from. Events since PromptFiltered v2
     * carry it; an older event (written before an upgrade, redelivered after it) has only its id, whose form
     * {@link RoundIds#promptId} fixed, so its index is read from there.
     */
    static int promptIndex(PromptFiltered p) {
        if (p.getPromptIndex() >= 0) {
            return p.getPromptIndex();
        }
        String id = p.getPromptId();
        int at = id.lastIndexOf(".p");
        try {
            return Integer.parseInt(id.substring(at + 2));
        } catch (RuntimeException e) {
            throw new UnindexedPromptException("Prompt " + id + " carries no index (an event before PromptFiltered v2)"
                    + " and its id does not end in .p<index>");
        }
    }

    /** A prompt event from which no seed follows: the record's own fault, dead-lettered at once. */
    static final class UnindexedPromptException extends IllegalArgumentException implements RecordFault {
        UnindexedPromptException(String message) {
            super(message);
        }
    }

    private record Planned(PromptFiltered prompt, String imageId, long seed, Optional<BlobStore.Found> existing) {
    }
}
