package dev.tokenledger.processor.sink;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time used so far by this JVM, the local ClickHouse server, the Kafka broker and the whole machine
 * (Linux {@code /proc}; benchmarks only, zeros elsewhere). The difference of two samples shows where a
 * benchmark's CPU went.
 */
record CpuSample(double jvm, double clickhouse, double kafka, double machine, java.util.Map<String, Double> threads) {

  private static final double TICKS = 100.0;   // USER_HZ on Linux

  static CpuSample now() {
    double jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
    return new CpuSample(jvm, processSeconds("clickhouse-serv", null), processSeconds("java", "kafka.Kafka"), machineSeconds(), threadSeconds());
  }

  /** CPU seconds of this JVM's live threads, summed by name (digits dropped). */
  private static java.util.Map<String, Double> threadSeconds() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    java.util.Map<String, Double> out = new java.util.TreeMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null) {
        long ns = mx.getThreadCpuTime(t.getThreadId());
        if (ns > 0) {
          out.merge(t.getThreadName().replaceAll("[0-9]+", "#"), ns / 1e9, Double::sum);
        }
      }
    }
    return out;
  }

  /** The sink JVM's CPU per row by thread group, and the rest (GC, JIT and threads that ended). */
  String threadsPerRow(CpuSample later, long rows) {
    StringBuilder s = new StringBuilder("sink JVM CPU µs/row by thread:");
    double named = 0;
    for (java.util.Map.Entry<String, Double> e : later.threads.entrySet()) {
      double d = e.getValue() - threads.getOrDefault(e.getKey(), 0.0);
      if (d * 1e6 / rows >= 0.05) {
        s.append(String.format(" %s %.1f,", e.getKey(), d * 1e6 / rows));
      }
      named += d;
    }
    return s.append(String.format(" other (GC, JIT) %.1f", ((later.jvm - jvm) - named) * 1e6 / rows)).toString();
  }

  /** {@code later - this} as "µs per row" figures. */
  String perRow(CpuSample later, long rows) {
    return String.format("CPU µs/row: sink JVM %.1f, ClickHouse %.1f, Kafka %.1f, whole machine %.1f",
        (later.jvm - jvm) * 1e6 / rows, (later.clickhouse - clickhouse) * 1e6 / rows, (later.kafka - kafka) * 1e6 / rows,
        (later.machine - machine) * 1e6 / rows);
  }

  private static double machineSeconds() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long busy = 0;
      for (int i = 1; i < f.length; i++) {
        if (i != 4 && i != 5) {   // not idle, not iowait
          busy += Long.parseLong(f[i]);
        }
      }
      return busy / TICKS;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }

  private static double processSeconds(String comm, String cmdlinePart) {
    double total = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs.filter(d -> d.getFileName().toString().chars().allMatch(Character::isDigit))::iterator) {
        try {
          if (!Files.readString(p.resolve("comm")).strip().equals(comm)) {
            continue;
          }
          if (cmdlinePart != null && !Files.readString(p.resolve("cmdline")).contains(cmdlinePart)) {
            continue;
          }
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          total += (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;   // utime, stime
        } catch (IOException | RuntimeException e) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }
}
