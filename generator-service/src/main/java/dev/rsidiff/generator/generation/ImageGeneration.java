package dev.rsidiff.generator.generation;

import dev.rsidiff.blob.BlobKey;
import dev.rsidiff.blob.BlobKeys;
import dev.rsidiff.bus.listen.BatchTasks;
import dev.rsidiff.bus.listen.FailurePolicy;
import dev.rsidiff.blob.BlobStore;
import dev.rsidiff.bus.EventMetas;
import dev.rsidiff.engine.model.DiffusionModel;
import dev.rsidiff.engine.sample.BatchWorkers;
import dev.rsidiff.engine.sample.DdimSampler;
import dev.rsidiff.engine.sample.NoOpSampler;
import dev.rsidiff.engine.sample.SampleResult;
import dev.rsidiff.engine.world.Images;
import dev.rsidiff.events.image.ImageGenerated;
import dev.rsidiff.events.image.SamplingSettings;
import dev.rsidiff.events.prompt.PromptFiltered;
import dev.rsidiff.events.run.RunConfig;
import dev.rsidiff.generator.shard.ImageShard;
import dev.rsidiff.protocol.Announcements;
import dev.rsidiff.protocol.RoundIds;
import dev.rsidiff.protocol.config.RunConfigStore;
import dev.rsidiff.protocol.config.RunConfigs;
import dev.rsidiff.protocol.config.RunSampling;
import dev.rsidiff.schemas.RecordFault;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The generator's work: n images for each prompt of a batch, with the checkpoint the prompt's round names and the
 * run's sampling settings, one recorded seed per image. Prompts of the same run, round and checkpoint are sampled
 * together (the sampler batches them); a prompt's images are stored as one shard ({@link ImageShard}). A shard
 * already stored by an earlier attempt is reused, not drawn again, so a redelivered prompt yields the same image ids
 * and bytes.
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
    private final BatchWorkers workers;
    private final Consumer<List<ImageGenerated>> publish;
    private final Announcements announcements;
    private final BatchTasks io = new BatchTasks("generation-io");

    /** @param publish writes a group's image events and returns once the broker has acknowledged them all */
    public ImageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventMetas metas,
                           int samplerBatch, Consumer<List<ImageGenerated>> publish) {
        this(blobs, configs, models, metas, samplerBatch, publish, new Announcements(blobs, STAGE), BatchWorkers.INLINE);
    }

    /**
     * @param announcements this stage's announcements, whose {@link Announcements#sender} {@code publish} uses
     * @param workers       the threads that draw a call's sampler batches side by side (the images do not depend on
     *                      them); the caller closes them
     */
    public ImageGeneration(BlobStore blobs, RunConfigStore configs, ModelCache models, EventMetas metas,
                           int samplerBatch, Consumer<List<ImageGenerated>> publish, Announcements announcements,
                           BatchWorkers workers) {
        this.blobs = blobs;
        this.configs = configs;
        this.models = models;
        this.metas = metas;
        this.samplerBatch = samplerBatch;
        this.workers = workers;
        this.publish = publish;
        this.announcements = announcements;
    }

    /**
     * Warms the sampler up on this stage's model cache, workers and batch shape ({@link SamplerWarmUp}).
     *
     * @return how long it took, or empty if a poll had loaded a model first
     */
    public Optional<Duration> warmUp() {
        return SamplerWarmUp.run(models, workers, samplerBatch);
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
                images = generateGroup(group, rejected);
            } catch (RuntimeException e) {
                if (!FailurePolicy.isRecordFault(e)) {
                    throw e;
                }
                group.forEach(p -> rejected.put(p, e));
                continue;
            }
            List<String> generatedPrompts = group.stream().filter(p -> !rejected.containsKey(p))
                    .map(PromptFiltered::getPromptId).toList();
            Map<String, List<ImageGenerated>> byPrompt = new LinkedHashMap<>();
            images.forEach(i -> byPrompt.computeIfAbsent(i.getPromptId(), k -> new ArrayList<>()).add(i));
            PromptFiltered first = group.get(0);
            long generated = System.nanoTime();
            announcements.onceEach(first.getMeta().getRunId(), first.getMeta().getRound(), generatedPrompts,
                    promptId -> publish.accept(byPrompt.getOrDefault(promptId, List.of())));
            long end = System.nanoTime();
            LOG.info("Run {} round {}: {} images announced for {} prompts in {} ms: generated and stored in {} ms,"
                            + " announced in {} ms", first.getMeta().getRunId(), first.getMeta().getRound(),
                    images.size(), generatedPrompts.size(), ms(end - start), ms(generated - start),
                    ms(end - generated));
        }
        return rejected;
    }

    /** @param rejected where a prompt whose earlier shard cannot be used goes, with the reason */
    private List<ImageGenerated> generateGroup(List<PromptFiltered> whole,
                                               Map<PromptFiltered, RuntimeException> rejected) {
        PromptFiltered first = whole.get(0);
        String runId = first.getMeta().getRunId();
        int round = first.getMeta().getRound();
        RunConfig config = configs.load(runId);
        SamplingSettings sampling = RunSampling.recorded(config);
        long start = System.nanoTime();
        Map<String, Map<String, ImageShard.Image>> shards = earlierShards(runId, round, whole, rejected);
        List<PromptFiltered> group = whole.stream().filter(p -> !rejected.containsKey(p)).toList();
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
        List<Planned> planned = new ArrayList<>();
        promptOf.forEach((imageId, p) -> planned.add(new Planned(p, imageId, seedOf.get(imageId))));
        List<Planned> missing = planned.stream().filter(x -> !shards.containsKey(x.prompt().getPromptId())).toList();
        int size = 0;
        if (!missing.isEmpty()) {
            long[] seeds = missing.stream().mapToLong(Planned::seed).toArray();
            long checked = System.nanoTime();
            SampleResult result = sample(config, first.getCheckpointId(),
                    missing.stream().map(x -> x.prompt().getText()).toList(), seeds, sampling);
            size = result.imageSize();
            long sampled = System.nanoTime();
            Map<String, List<Integer>> indicesOfPrompt = new LinkedHashMap<>();
            for (int i = 0; i < missing.size(); i++) {
                indicesOfPrompt.computeIfAbsent(missing.get(i).prompt().getPromptId(), k -> new ArrayList<>()).add(i);
            }
            shards.putAll(io.all(List.copyOf(indicesOfPrompt.keySet()), promptId -> {
                Map<String, byte[]> pngs = new LinkedHashMap<>();
                indicesOfPrompt.get(promptId).forEach(i -> pngs.put(missing.get(i).imageId(), Images.png(result.image(i))));
                BlobKey key = BlobKeys.imageShard(runId, round, promptId);
                byte[] shard = ImageShard.pack(pngs);
                blobs.put(key, shard, "application/x-tar");
                return ImageShard.unpack(key, shard);
            }));
            // Where a batch's time goes, for `rsi bench loop` and for whoever sizes the store and the broker
            long storedAt = System.nanoTime();
            LOG.info("Run {} round {}: {} images for {} prompts on {} in {} ms by {} ({} reused): earlier attempts"
                            + " checked in {} ms, sampled in {} ms, encoded and stored in {} ms", runId, round,
                    missing.size(), group.size(), first.getCheckpointId(), result.elapsed().toMillis(),
                    config.getSampler(), planned.size() - missing.size(), ms(checked - start), ms(sampled - checked),
                    ms(storedAt - sampled));
        }
        List<ImageGenerated> events = new ArrayList<>();
        for (Planned x : planned) {
            PromptFiltered p = x.prompt();
            ImageShard.Image image = shards.get(p.getPromptId()).get(x.imageId());
            // All reused: the size is that of a stored image, so no checkpoint is loaded just to learn it.
            int px = size > 0 ? size : Images.fromPng(image.png()).getWidth();
            events.add(ImageGenerated.newBuilder()
                    .setMeta(metas.next(runId, round))
                    .setPromptId(p.getPromptId())
                    .setPromptText(p.getText())
                    .setImageId(x.imageId())
                    .setImage(image.blob().toRef())
                    .setSeed(x.seed())
                    .setSampling(sampling)
                    .setCheckpointId(p.getCheckpointId())
                    .setExpectedImages(p.getPromptCount() * p.getImagesPerPrompt())
                    .setWidthPx(px)
                    .setHeightPx(px)
                    .build());
            size = px;
        }
        return events;
    }

    /**
     * The shards of the group's prompts that an earlier attempt stored, with their images, by prompt id: one listing
     * (the round's shards share their key but for the prompt id), and a read of only what is there, which is
     * nothing unless an attempt was interrupted. An earlier attempt's images are reused, not drawn again, so that
     * a redelivered prompt announces the bytes it may have announced before; a prompt whose shard is not one, or
     * lacks one of its images, goes to {@code rejected} rather than being drawn again.
     */
    private Map<String, Map<String, ImageShard.Image>> earlierShards(String runId, int round, List<PromptFiltered> group,
                                                                     Map<PromptFiltered, RuntimeException> rejected) {
        Map<BlobKey, PromptFiltered> promptOfKey = new LinkedHashMap<>();
        group.forEach(p -> promptOfKey.put(BlobKeys.imageShard(runId, round, p.getPromptId()), p));
        List<BlobKey> found = List.copyOf(blobs.existingAmong(promptOfKey.keySet()));
        Map<BlobKey, RuntimeException> broken = new LinkedHashMap<>();
        Map<BlobKey, Map<String, ImageShard.Image>> read = io.each(found, key -> {
            Map<String, ImageShard.Image> images = blobs.readIfExists(key).map(f -> ImageShard.unpack(key, f.bytes()))
                    .orElseThrow(() -> new IllegalStateException("Shard " + key + " was listed but is gone"));
            PromptFiltered p = promptOfKey.get(key);
            for (int j = 0; j < p.getImagesPerPrompt(); j++) {
                if (!images.containsKey(RoundIds.imageId(p.getPromptId(), j))) {
                    throw new ImageShard.InvalidShardException("Shard " + key + " lacks image "
                            + RoundIds.imageId(p.getPromptId(), j) + " of the prompt's " + p.getImagesPerPrompt());
                }
            }
            return images;
        }, broken);
        broken.forEach((key, e) -> rejected.put(promptOfKey.get(key), e));
        Map<String, Map<String, ImageShard.Image>> out = new LinkedHashMap<>();
        read.forEach((key, images) -> out.put(promptOfKey.get(key).getPromptId(), images));
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
        return new DdimSampler(model, workers).sample(prompts, seeds, RunSampling.engine(sampling, samplerBatch));
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

    private record Planned(PromptFiltered prompt, String imageId, long seed) {
    }
}
