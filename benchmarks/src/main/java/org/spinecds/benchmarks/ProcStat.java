package org.spinecds.benchmarks;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** The CPU time of processes and threads, from their {@code /proc/.../stat} files. */
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

    /**
     * utime + stime, in clock ticks, of every process or thread in {@code directory} ({@code /proc}, or a process's
     * {@code task}) whose name ({@code comm}) starts with {@code namePrefix}. One that ends between the listing and
     * the read is skipped: its time went with it.
     */
    static long cpuTicksOfNamed(Path directory, String namePrefix) throws IOException {
        long ticks = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, ProcStat::isId)) {
            for (Path entry : entries) {
                try {
                    if (Files.readString(entry.resolve("comm")).startsWith(namePrefix)) {
                        ticks += cpuTicks(entry.resolve("stat"));
                    }
                } catch (NoSuchFileException ended) {
                    // ended between listing and reading
                }
            }
        }
        return ticks;
    }

    /** A process or thread id: /proc also holds files and directories of other kinds (self, sys, meminfo). */
    private static boolean isId(Path entry) {
        String name = entry.getFileName().toString();
        return !name.isEmpty() && name.chars().allMatch(Character::isDigit);
    }
}
