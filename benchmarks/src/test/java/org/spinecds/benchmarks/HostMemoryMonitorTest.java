package org.spinecds.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostMemoryMonitorTest {

    @TempDir
    Path proc;

    @Test
    void addsUpTheCpuOfEveryKdamondThreadAndNothingElse() throws IOException {
        process("83", "kdamond.0", 120, 30);
        process("84", "kdamond.1", 5, 2);
        process("2925", "java", 90_000, 4_000);
        process("17", "kswapd0", 7, 0);
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("99")); // ended between the listing and the read: no comm any more

        assertThat(new HostMemoryMonitor(proc).cpuTicks()).isEqualTo(120 + 30 + 5 + 2);
    }

    @Test
    void aHostWithoutDamonCostsNothing() throws IOException {
        process("2925", "java", 90_000, 4_000);

        assertThat(new HostMemoryMonitor(proc).cpuTicks()).isZero();
    }

    /** A /proc/PID with its comm and a stat whose utime and stime (fields 14 and 15) are given. */
    private void process(String pid, String name, long utime, long stime) throws IOException {
        Path dir = Files.createDirectories(proc.resolve(pid));
        Files.writeString(dir.resolve("comm"), name + "\n");
        Files.writeString(dir.resolve("stat"), pid + " (" + name + ") S 2 0 0 0 -1 2129984 0 0 0 0 " + utime + " "
                + stime + " 0 0 20 0 1 0 4 0 0 18446744073709551615 0 0 0 0 0 0 0 2147483647 0 0 0 0 17 1 0 0\n");
    }
}
