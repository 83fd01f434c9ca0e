package org.spinecds.benchmarks;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The CPU of the kernel's DAMON monitor threads ({@code kdamond.N}), read from {@code /proc}. A host that runs DAMON
 * over physical memory samples pages' accessed bits every sampling interval; on the VM these benchmarks were measured
 * on (0.5 s interval, pageout of unmapped page cache) it used 5-13 % of a core under load, in bursts that
 * stall every call in flight, and the p99 at concurrency 8 was 33-66 ms with it running against 24-28 ms with it
 * paused (benchmarks/README.md, 2026-12-04 night).
 * Each level reports it, so that a host's slow window can be told from a slower service. 0 on a host without DAMON.
 */
final class HostMemoryMonitor {

    private static final String THREAD_NAME = "kdamond";

    private final Path proc;

    HostMemoryMonitor(Path proc) {
        this.proc = proc;
    }

    /** utime + stime, in clock ticks, of every kdamond thread running now (one restarted between reads starts at 0). */
    long cpuTicks() throws IOException {
        return ProcStat.cpuTicksOfNamed(proc, THREAD_NAME);
    }
}
