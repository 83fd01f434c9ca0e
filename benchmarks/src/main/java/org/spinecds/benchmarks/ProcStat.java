package org.spinecds.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The CPU time of a process or thread, from its {@code /proc/.../stat} file. */
final class ProcStat {

    private ProcStat() {
    }

    /** Fields 14 and 15 (utime, stime) of a /proc stat file, read after the command name, which may hold spaces. */
    static long cpuTicks(Path stat) throws IOException {
        String line = Files.readString(stat);
        String[] fields = line.substring(line.lastIndexOf(')') + 2).split(" ");
        // fields[0] is field 3 (state)
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
