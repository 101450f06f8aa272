package dev.rsidiff.bench.loop;

/**
 * The CPU time one round took each way, and what it implies for the ratio of their wall times: a round that needs
 * {@code pipelineSeconds} of CPU on {@code cores} cores takes at least {@code pipelineSeconds / cores} of wall time,
 * so when that exceeds 0.9 of the serial round's wall time, no overlap of stages meets issue 12's ratio; only
 * spending less CPU does.
 *
 * @param serialSeconds       CPU of the serial round: its process and the object store it used
 * @param pipelineSeconds     CPU of the round through the services: the five services, the object store and the
 *                            process that runs the broker and follows the run
 * @param cores               the host's cores
 */
record RoundCpu(double serialSeconds, double pipelineSeconds, int cores) {

    /**
     * The smallest pipeline / serial wall-time ratio that the pipeline's CPU time allows on these cores, against a
     * serial round of {@code serialWallSeconds}.
     */
    double ratioFloor(double serialWallSeconds) {
        return pipelineSeconds / cores / serialWallSeconds;
    }
}
