package dev.tokenledger.api.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tokenledger.schemas.testing.StackEnv;
import dev.tokenledger.warehouse.MigrationRunner;
import dev.tokenledger.warehouse.clickhouse.ClickHouseEndpoint;
import dev.tokenledger.warehouse.clickhouse.ClickHouseHttpClient;
import dev.tokenledger.warehouse.testing.GeneratedEvents;
import dev.tokenledger.warehouse.testing.TestDatabase;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The query API's benchmark (figures, never pass/fail), on the local ClickHouse:
 * <ol>
 *   <li>a scratch database ({@code tl_bench_api} unless {@code --database}), migrated, with N generated
 *   events of November 2026 ({@link GeneratedEvents}, the warehouse bench's month); {@code --keep} keeps
 *   it and {@code --reuse} skips the generation when it already holds N events;</li>
 *   <li>API tokens for a finance user and a developer of org {@code acme} ({@link #createToken});</li>
 *   <li>the API server as a separate process ({@code ApiMain serve}) on a free port, until {@code GET /health}
 *   answers 200, stopped by PID at the end (also on failure or Ctrl-C);</li>
 *   <li>per question: warm-up, then K sequential requests (p50/p99/max); then C client threads for D
 *   seconds cycling over the questions (requests/s, p50/p99, errors) with the CPU the API process and
 *   ClickHouse used in that window ({@code /proc}).</li>
 * </ol>
 * Every response must be 200; nothing is parsed beyond status and size (and the row count of one warm-up
 * response per question).
 */
public final class ApiBench {

  static final String USAGE = """
      usage: ./bench api [events] [options]
        events            generated events over November 2026 (default 10000000; 10M take ~3 min to generate)
        --requests K      sequential timed requests per question (default 200)
        --warmup W        warm-up requests per question (default 20)
        --threads C       concurrent client threads in the throughput phase (default 16)
        --seconds D       length of the throughput phase (default 20)
        --question-seconds S  at most S s of sequential requests per question, warm-up included (a quarter at
                          most; default 120): a slow question then gets fewer than K timed requests, at least 3
        --database NAME   scratch database (default tl_bench_api; must start with tl_bench)
        --keep            keep the database afterwards (otherwise it is dropped)
        --reuse           skip the generation when the database already holds exactly N events
        -h, --help        this text
      Targets reported against: p99 <= 200 ms, >= 500 requests/s.
      Environment: TOKENLEDGER_CLICKHOUSE_URL (default http://127.0.0.1:18123),
                   BENCH_API_JAVA_OPTS (the API server's JVM options, default -Xmx512m),
                   TOKENLEDGER_API_CACHE_TTL_S (the server's answer cache, default 5; 0 = every request asks ClickHouse).
      Example: ./bench api 10000000 --keep      then      ./bench api 10000000 --reuse --keep
      """;

  static final String ORG = "acme";
  static final String MONTH = "2026-11";
  static final double P99_TARGET_MS = 200;
  static final double RPS_TARGET = 500;

  /** A timed question: who asks it and the path with its query string. */
  record Question(String name, String path, boolean developer) {}

  static final List<Question> QUESTIONS = List.of(
      new Question("chargeback by team", "/v1/chargeback?month=" + MONTH + "&by=team", false),
      new Question("chargeback by cost centre", "/v1/chargeback?month=" + MONTH + "&by=cost_centre", false),
      new Question("spend by team, month", "/v1/spend?group_by=team&granularity=month&month=" + MONTH, false),
      new Question("spend by user, day (one page)", "/v1/spend?group_by=user&granularity=day&month=" + MONTH + "&limit=10000", false),
      new Question("developer's own spend, day", "/v1/spend?granularity=day&month=" + MONTH, true));

  record Options(long events, int requests, int warmup, int threads, int seconds, int questionSeconds, String database, boolean keep,
      boolean reuse) {}

  private ApiBench() {}

  public static void main(String[] args) throws Exception {
    Options o;
    try {
      o = parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench api: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (o == null) {
      System.out.print(USAGE);
      return;
    }
    String command = System.getProperty("bench.command", "./bench api " + String.join(" ", args)).strip();
    new ApiBench.Run(o, command).run();
  }

  static Options parse(String[] args) {
    long events = 10_000_000;
    int requests = 200;
    int warmup = 20;
    int threads = 16;
    int seconds = 20;
    int questionSeconds = 120;
    String database = "tl_bench_api";
    boolean keep = false;
    boolean reuse = false;
    boolean eventsSeen = false;
    Iterator<String> it = Arrays.asList(args).iterator();
    while (it.hasNext()) {
      String a = it.next();
      switch (a) {
        case "-h", "--help", "help" -> {
          return null;
        }
        case "--requests" -> requests = (int) positive(a, value(a, it));
        case "--warmup" -> warmup = (int) Math.max(1, positive(a, value(a, it)));
        case "--threads" -> threads = (int) positive(a, value(a, it));
        case "--seconds" -> seconds = (int) positive(a, value(a, it));
        case "--question-seconds" -> questionSeconds = (int) positive(a, value(a, it));
        case "--database" -> database = value(a, it);
        case "--keep" -> keep = true;
        case "--reuse" -> reuse = true;
        default -> {
          if (a.startsWith("-") || eventsSeen) {
            throw new IllegalArgumentException("unknown argument '" + a + "'");
          }
          events = positive("events", a);
          eventsSeen = true;
        }
      }
    }
    if (!ClickHouseEndpoint.isIdentifier(database) || !database.startsWith("tl_bench")) {
      throw new IllegalArgumentException("--database must be an identifier starting with tl_bench (it is dropped and recreated): " + database);
    }
    return new Options(events, requests, warmup, threads, seconds, questionSeconds, database, keep, reuse);
  }

  private static String value(String option, Iterator<String> it) {
    if (!it.hasNext()) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return it.next();
  }

  private static long positive(String what, String s) {
    long v;
    try {
      v = Long.parseLong(s.replace("_", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + ": not a number: " + s);
    }
    if (v <= 0) {
      throw new IllegalArgumentException(what + " must be positive: " + s);
    }
    return v;
  }

  /** One run: data, tokens, server, measurements, report; cleans up once, also on Ctrl-C. */
  static final class Run {

    private final Options o;
    private final String command;
    private final String clickhouseUrl = StackEnv.clickhouseUrl();
    private final ClickHouseHttpClient ch;
    private final AtomicBoolean cleaned = new AtomicBoolean();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    private volatile ApiProcess api;
    private volatile boolean finished;

    Run(Options o, String command) {
      this.o = o;
      this.command = command;
      this.ch = new ClickHouseHttpClient(new ClickHouseEndpoint(URI.create(clickhouseUrl), o.database(), "default", "",
          Duration.ofMinutes(30)));
    }

    void run() throws Exception {
      Thread hook = new Thread(this::cleanUp, "bench-cleanup");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        String data = prepareData();
        String financeToken = createToken("bench-finance", "finance");
        String developerToken = createToken("user-7", "developer");
        api = ApiProcess.start(clickhouseUrl, o.database(), freePort());
        System.out.printf("API server: pid %d on port %d, healthy after %.1f s (log: %s, deleted after a complete run)%n", api.pid(),
            api.port(), api.awaitHealthy(http, Duration.ofSeconds(120)), api.log());
        List<Sequential> sequential = new ArrayList<>();
        for (Question q : QUESTIONS) {
          sequential.add(sequential(q, q.developer() ? developerToken : financeToken));
        }
        List<Question> answered = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (Sequential s : sequential) {
          if (s.available()) {
            answered.add(s.question());
            tokens.add(s.question().developer() ? developerToken : financeToken);
          }
        }
        Throughput load = answered.isEmpty() ? null : throughput(answered, tokens);
        report(data, financeToken != null && developerToken != null, sequential, answered, load);
        finished = true;
      } finally {
        cleanUp();
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    }

    private void cleanUp() {
      if (!cleaned.compareAndSet(false, true)) {
        return;
      }
      ApiProcess a = api;
      if (a != null) {
        a.stop();
        if (finished) {
          try {
            Files.deleteIfExists(a.log());
          } catch (IOException e) {
            // a temporary file
          }
        } else {
          System.out.println("API server log kept: " + a.log());
        }
      }
      if (o.keep()) {
        System.out.printf("kept database %s (%,d events); again without generating: %s%n", o.database(), o.events(),
            "./bench api " + o.events() + " --reuse --keep" + (o.database().equals("tl_bench_api") ? "" : " --database " + o.database()));
      } else {
        try {
          system().execute("DROP DATABASE IF EXISTS " + o.database());
          System.out.println("dropped database " + o.database());
        } catch (RuntimeException e) {
          System.err.println("bench api: could not drop database " + o.database() + ": " + e.getMessage());
        }
      }
    }

    private ClickHouseHttpClient system() {
      return new ClickHouseHttpClient(ClickHouseEndpoint.of(clickhouseUrl, "system"));
    }

    // --- 1. data -------------------------------------------------------------------------------------

    /** The scratch database with N events (generated, or reused with --reuse); returns a line for the report. */
    String prepareData() {
      boolean exists = "1".equals(system().query("SELECT count() FROM system.databases WHERE name = '" + o.database()
          + "' FORMAT TabSeparated").strip());
      long existing = exists ? events() : -1;
      boolean reuse = o.reuse() && existing == o.events();
      if (exists && !reuse) {
        System.out.printf("dropping database %s (%s)%n", o.database(), existing < 0 ? "no usage_events"
            : String.format("%,d events%s", existing, o.reuse() ? ", not " + String.format("%,d", o.events()) : "; --reuse keeps it"));
        system().execute("DROP DATABASE " + o.database());
      }
      ch.ensureDatabase();
      new MigrationRunner(ch, TestDatabase.quickRetrier(), MigrationRunner.shipped()).apply();   // also on reuse: new migrations
      String how;
      if (reuse) {
        how = String.format("reused database %s with %,d events", o.database(), existing);
      } else {
        System.out.printf("generating %,d events in %s …%n", o.events(), o.database());
        long t0 = System.nanoTime();
        GeneratedEvents.insert(ch, o.events());
        double s = (System.nanoTime() - t0) / 1e9;
        how = String.format("generated %,d events in %s in %.1f s (%,.0f rows/s through the rollup view)", o.events(), o.database(), s,
            o.events() / s);
      }
      long daily = Long.parseLong(ch.query("SELECT count() FROM usage_daily FORMAT TabSeparated").strip());
      String line = how + String.format("; usage_daily holds %,d rows", daily);
      System.out.println(line);
      return line;
    }

    private long events() {
      try {
        return Long.parseLong(ch.query("SELECT count() FROM usage_events FORMAT TabSeparated").strip());
      } catch (RuntimeException noTable) {
        return -1;
      }
    }

    // --- 2. tokens -----------------------------------------------------------------------------------

    /**
     * The token step, kept apart so it can be switched: {@code tokenledger api tokens create --org acme
     * --user USER --role ROLE --label bench} run as a process against the scratch database (the token
     * store is its {@code api_tokens} table); the token is the last word of its last non-empty stdout line. Null
     * (requests then go without {@code Authorization}) while that command does not exist, with a warning.
     */
    String createToken(String user, String role) throws IOException, InterruptedException {
      List<String> cmd = new ArrayList<>(ApiProcess.java());
      cmd.addAll(List.of("dev.tokenledger.api.ApiMain", "tokens", "create", "--org", ORG, "--user", user, "--role", role,
          "--label", "bench"));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      ApiProcess.environment(pb, clickhouseUrl, o.database(), 0);
      Path err = Files.createTempFile("bench-api-token", ".err");
      pb.redirectError(err.toFile());
      Process p = pb.start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = p.waitFor(60, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      String stderr = Files.readString(err).strip();
      Files.deleteIfExists(err);
      String token = out.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b)
          .map(l -> l.substring(l.lastIndexOf(' ') + 1)).orElse(null);   // "TOKEN" or "token: TOKEN"
      if (!done || p.exitValue() != 0 || token == null) {
        System.out.printf("WARNING: no API token for %s (%s): `tokenledger api tokens create` %s; requests go without Authorization%n",
            user, role, !done ? "did not finish in 60 s" : "exited " + p.exitValue() + ": " + firstLine(stderr.isEmpty() ? out : stderr));
        return null;
      }
      System.out.printf("API token for %s (%s) created%n", user, role);
      return token;
    }

    // --- 4. measurements -----------------------------------------------------------------------------

    record Sequential(Question question, int status, String problem, String rows, long bytes, long[] nanos, int errors) {
      boolean available() {
        return status == 200;
      }
    }

    Sequential sequential(Question q, String token) {
      URI uri = api.uri(q.path());
      long budgetEnd = System.nanoTime() + o.questionSeconds() * 1_000_000_000L;
      Response first = get(uri, token);
      if (first.status() != 200) {
        String why = first.status() < 0 ? first.error() : compact(new String(first.body(), StandardCharsets.UTF_8));
        System.out.printf("%-32s answered %s: %s — left out%n", q.name(), first.status() < 0 ? "nothing" : first.status(), abbreviate(why));
        return new Sequential(q, first.status(), why, "-", first.body().length, new long[0], 0);
      }
      String rows = rows(first.body());
      long warmupEnd = System.nanoTime() + o.questionSeconds() * 250_000_000L;   // a quarter of the budget at most
      for (int i = 1; i < o.warmup() && System.nanoTime() < warmupEnd; i++) {
        get(uri, token);
      }
      long[] nanos = new long[o.requests()];
      int n = 0;
      int errors = 0;
      long bytes = 0;
      while (n < nanos.length && (n < 3 || System.nanoTime() < budgetEnd)) {
        Response r = get(uri, token);
        nanos[n++] = r.nanos();
        bytes = r.body().length;
        if (r.status() != 200) {
          errors++;
        }
      }
      nanos = Arrays.copyOf(nanos, n);
      Arrays.sort(nanos);
      System.out.printf("%-32s p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms  (%d requests%s, %d errors, %s rows, %,d bytes)%n", q.name(),
          ms(percentile(nanos, 50)), ms(percentile(nanos, 99)), ms(nanos[n - 1]), n,
          n < o.requests() ? ", cut at --question-seconds " + o.questionSeconds() : "", errors, rows, bytes);
      return new Sequential(q, 200, null, rows, bytes, nanos, errors);
    }

    record Throughput(int threads, double seconds, long[] nanos, long[][] byQuestion, long errors, String firstError,
        Cpu before, Cpu after) {
      long requests() {
        return nanos.length;
      }
    }

    Throughput throughput(List<Question> questions, List<String> tokens) throws InterruptedException {
      int n = questions.size();
      List<URI> uris = questions.stream().map(q -> api.uri(q.path())).toList();
      Recorder[] recorders = new Recorder[o.threads()];
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> threads = new ArrayList<>();
      long[] window = new long[2];
      for (int t = 0; t < o.threads(); t++) {
        Recorder rec = recorders[t] = new Recorder(n);
        int first = t % n;
        Thread th = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          long end = window[1];
          for (int i = first; System.nanoTime() < end; i = (i + 1) % n) {
            Response r = get(uris.get(i), tokens.get(i));
            rec.add(i, r);
          }
        }, "bench-client-" + t);
        threads.add(th);
        th.start();
      }
      Cpu before = Cpu.sample(api.pid());
      window[0] = System.nanoTime();
      window[1] = window[0] + o.seconds() * 1_000_000_000L;
      go.countDown();
      for (Thread th : threads) {
        th.join();
      }
      double seconds = (System.nanoTime() - window[0]) / 1e9;
      Cpu after = Cpu.sample(api.pid());
      long[][] byQuestion = new long[n][];
      long errors = 0;
      String firstError = null;
      for (int q = 0; q < n; q++) {
        int qi = q;
        byQuestion[q] = Arrays.stream(recorders).flatMapToLong(r -> Arrays.stream(r.nanos(qi))).sorted().toArray();
      }
      for (Recorder r : recorders) {
        errors += r.errors;
        firstError = firstError == null ? r.firstError : firstError;
      }
      long[] all = Arrays.stream(byQuestion).flatMapToLong(Arrays::stream).sorted().toArray();
      return new Throughput(o.threads(), seconds, all, byQuestion, errors, firstError, before, after);
    }

    /** One client thread's latencies by question, and its errors. */
    static final class Recorder {
      private final long[][] nanos;
      private final int[] sizes;
      long errors;
      String firstError;

      Recorder(int questions) {
        nanos = new long[questions][1024];
        sizes = new int[questions];
      }

      void add(int q, Response r) {
        if (sizes[q] == nanos[q].length) {
          nanos[q] = Arrays.copyOf(nanos[q], sizes[q] * 2);
        }
        nanos[q][sizes[q]++] = r.nanos();
        if (r.status() != 200) {
          errors++;
          if (firstError == null) {
            firstError = r.status() < 0 ? r.error() : r.status() + " " + compact(new String(r.body(), StandardCharsets.UTF_8));
          }
        }
      }

      long[] nanos(int q) {
        return Arrays.copyOf(nanos[q], sizes[q]);
      }
    }

    record Response(int status, byte[] body, long nanos, String error) {}

    Response get(URI uri, String token) {
      HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).GET();
      if (token != null) {
        b.header("Authorization", "Bearer " + token);
      }
      long t0 = System.nanoTime();
      try {
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(r.statusCode(), r.body(), System.nanoTime() - t0, null);
      } catch (IOException e) {
        return new Response(-1, new byte[0], System.nanoTime() - t0, e.getClass().getSimpleName() + ": " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Response(-1, new byte[0], System.nanoTime() - t0, "interrupted");
      }
    }

    // --- 5. report -----------------------------------------------------------------------------------

    void report(String data, boolean tokens, List<Sequential> sequential, List<Question> answered, Throughput load) {
      System.out.println();
      System.out.println("## Query API benchmark");
      System.out.println();
      System.out.printf("Command: `%s`%n%n", command);
      System.out.printf("%s; month %s, org %s; %d cores, %s; API server JVM `%s`; answer cache %s; tokens: %s.%n%n", data, MONTH, ORG,
          Runtime.getRuntime().availableProcessors(), loadAverage(), String.join(" ", ApiProcess.javaOpts()),
          System.getenv("TOKENLEDGER_API_CACHE_TTL_S") == null ? "5 s (default)"
              : "TOKENLEDGER_API_CACHE_TTL_S=" + System.getenv("TOKENLEDGER_API_CACHE_TTL_S"),
          tokens ? "finance (bench-finance) and developer (user-7)" : "NOT created (tokens command missing), no Authorization sent");
      System.out.printf("Sequential latency: %d warm-up then %d timed requests per question (at most %d s per question), one at a time,"
          + " over HTTP/1.1 keep-alive.%n%n", o.warmup(), o.requests(), o.questionSeconds());
      System.out.println("| question | request | token | rows | bytes | timed requests | p50 ms | p99 ms | max ms | errors |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      double worstP99 = 0;
      for (Sequential s : sequential) {
        String token = s.question().developer() ? "developer" : "finance";
        if (!s.available()) {
          System.out.printf("| %s | `%s` | %s | – | – | – | – | – | – | answered %s: %s |%n", s.question().name(), s.question().path(), token,
              s.status() < 0 ? "nothing" : String.valueOf(s.status()), abbreviate(s.problem()).replace("|", "/"));
          continue;
        }
        worstP99 = Math.max(worstP99, ms(percentile(s.nanos(), 99)));
        System.out.printf("| %s | `%s` | %s | %s | %,d | %d | %.1f | %.1f | %.1f | %d |%n", s.question().name(), s.question().path(), token,
            s.rows(), s.bytes(), s.nanos().length, ms(percentile(s.nanos(), 50)), ms(percentile(s.nanos(), 99)), ms(s.nanos()[s.nanos().length - 1]),
            s.errors());
      }
      System.out.println();
      if (load == null) {
        System.out.println("Throughput: not measured (no question answered 200).");
        return;
      }
      double rps = load.requests() / load.seconds();
      Cpu b = load.before();
      Cpu a = load.after();
      double apiCpu = a.api() - b.api();
      double chCpu = a.clickhouse() - b.clickhouse();
      System.out.printf("Throughput: %d client threads for %.1f s cycling over the %d questions that answered 200.%n%n",
          load.threads(), load.seconds(), answered.size());
      System.out.println("| requests | requests/s | p50 ms | p99 ms | max ms | errors | API CPU s (ms/request) | ClickHouse CPU s (ms/request) | bench client CPU s | machine CPU s (of available) |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      System.out.printf("| %,d | %,.0f | %.1f | %.1f | %.1f | %d | %.2f (%.2f) | %s | %.2f | %.2f of %.0f |%n", load.requests(), rps,
          ms(percentile(load.nanos(), 50)), ms(percentile(load.nanos(), 99)), ms(load.nanos()[load.nanos().length - 1]), load.errors(),
          apiCpu, 1000 * apiCpu / load.requests(),
          a.clickhousePid() <= 0 ? "ClickHouse not found" : String.format("%.2f (%.2f)", chCpu, 1000 * chCpu / load.requests()),
          a.bench() - b.bench(), a.machine() - b.machine(), load.seconds() * Runtime.getRuntime().availableProcessors());
      System.out.println();
      System.out.println("Under load, by question:");
      System.out.println();
      System.out.println("| question | requests | p50 ms | p99 ms |");
      System.out.println("|---|---|---|---|");
      for (int q = 0; q < answered.size(); q++) {
        long[] n = load.byQuestion()[q];
        System.out.printf("| %s | %,d | %.1f | %.1f |%n", answered.get(q).name(), n.length, ms(percentile(n, 50)), ms(percentile(n, 99)));
      }
      System.out.println();
      if (load.errors() > 0) {
        System.out.println("First error under load: " + abbreviate(load.firstError()));
      }
      System.out.printf("API process: pid %d, RSS %s at the end; ClickHouse pid %s (its CPU counts every client of the shared server).%n",
          api.pid(), rss(api.pid()), a.clickhousePid() <= 0 ? "?" : String.valueOf(a.clickhousePid()));
      double loadP99 = ms(percentile(load.nanos(), 99));
      System.out.printf("Targets: p99 <= %.0f ms: sequential worst %.1f ms (%s), under load %.1f ms (%s); >= %.0f requests/s: %,.0f (%s)%s.%n",
          P99_TARGET_MS, worstP99, met(worstP99 <= P99_TARGET_MS), loadP99, met(loadP99 <= P99_TARGET_MS), RPS_TARGET, rps,
          met(rps >= RPS_TARGET), answered.size() < QUESTIONS.size() ? "; " + (QUESTIONS.size() - answered.size())
              + " question(s) left out, see the table" : "");
    }

    private static String met(boolean met) {
      return met ? "met" : "NOT met";
    }

    /** Rows in one response (for the report only): the "rows" array, a top-level array, or the first array field. */
    static String rows(byte[] body) {
      try {
        JsonNode n = new ObjectMapper().readTree(body);
        if (n.isArray()) {
          return String.valueOf(n.size());
        }
        if (n.has("rows") && n.get("rows").isArray()) {
          return String.valueOf(n.get("rows").size());
        }
        for (Map.Entry<String, JsonNode> f : n.properties()) {
          if (f.getValue().isArray()) {
            return f.getValue().size() + " (" + f.getKey() + ")";
          }
        }
        return "?";
      } catch (IOException | RuntimeException e) {
        return "?";
      }
    }
  }

  // --- 3. the API server process -------------------------------------------------------------------

  /** {@code ApiMain serve} in its own JVM (this JVM's classpath), stopped by PID. */
  static final class ApiProcess {

    private final Process process;
    private final int port;
    private final Path log;

    private ApiProcess(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    static List<String> javaOpts() {
      String opts = System.getenv("BENCH_API_JAVA_OPTS");
      return Arrays.stream((opts == null || opts.isBlank() ? "-Xmx512m" : opts).strip().split("\\s+")).toList();
    }

    /** This JVM's java and classpath, with the API server's JVM options. */
    static List<String> java() {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(javaOpts());
      cmd.addAll(List.of("-cp", System.getProperty("java.class.path")));
      return cmd;
    }

    static void environment(ProcessBuilder pb, String clickhouseUrl, String database, int port) {
      Map<String, String> env = pb.environment();
      env.put("TOKENLEDGER_CLICKHOUSE_URL", clickhouseUrl);
      env.put("TOKENLEDGER_CLICKHOUSE_DATABASE", database);
      if (port > 0) {
        env.put("TOKENLEDGER_API_PORT", String.valueOf(port));
        env.put("TOKENLEDGER_API_HOST", "127.0.0.1");
      }
    }

    static ApiProcess start(String clickhouseUrl, String database, int port) throws IOException {
      List<String> cmd = new ArrayList<>(java());
      cmd.addAll(List.of("dev.tokenledger.api.ApiMain", "serve"));
      ProcessBuilder pb = new ProcessBuilder(cmd);
      environment(pb, clickhouseUrl, database, port);
      Path log = Files.createTempFile("bench-api-server", ".log");
      pb.redirectErrorStream(true).redirectOutput(log.toFile());
      Process p = pb.start();
      p.getOutputStream().close();
      return new ApiProcess(p, port, log);
    }

    /** Polls {@code GET /health} until 200; fails when the process ends or the deadline passes. Returns seconds waited. */
    double awaitHealthy(HttpClient http, Duration deadline) throws IOException, InterruptedException {
      long t0 = System.nanoTime();
      long end = t0 + deadline.toNanos();
      String last = "no answer";
      while (System.nanoTime() < end) {
        if (!process.isAlive()) {
          throw new IllegalStateException("the API server exited with " + process.exitValue() + " before it was healthy; its log:\n" + tail());
        }
        try {
          HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/health")).timeout(Duration.ofSeconds(2)).GET().build(),
              HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            return (System.nanoTime() - t0) / 1e9;
          }
          last = r.statusCode() + " " + compact(r.body());
        } catch (IOException notYet) {
          last = notYet.getClass().getSimpleName();
        }
        process.waitFor(100, TimeUnit.MILLISECONDS);   // the poll interval; returns at once if the server dies
      }
      throw new IllegalStateException("GET /health not 200 within " + deadline.toSeconds() + " s (last: " + last + "); log:\n" + tail());
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + port + path);
    }

    long pid() {
      return process.pid();
    }

    int port() {
      return port;
    }

    Path log() {
      return log;
    }

    /** SIGTERM, then SIGKILL after 15 s. */
    void stop() {
      if (!process.isAlive()) {
        System.out.printf("API server (pid %d) had already exited with %d%n", process.pid(), process.exitValue());
        return;
      }
      process.destroy();
      try {
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
          System.err.printf("API server (pid %d) did not stop within 15 s: killing it%n", process.pid());
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      System.out.printf("API server (pid %d) stopped%n", process.pid());
    }

    private String tail() {
      try {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
      } catch (IOException e) {
        return "(log unreadable: " + e.getMessage() + ")";
      }
    }
  }

  // --- CPU from /proc ------------------------------------------------------------------------------

  /** CPU seconds used so far by the API process, ClickHouse, this JVM and the whole machine (Linux; zeros elsewhere). */
  record Cpu(double api, double clickhouse, long clickhousePid, double bench, double machine) {

    private static final double TICKS = 100.0;   // USER_HZ on Linux

    static Cpu sample(long apiPid) {
      long ch = findClickhouse();
      double bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
      return new Cpu(processSeconds(apiPid), ch > 0 ? processSeconds(ch) : 0, ch, bench, machineSeconds());
    }

    /** utime + stime of a process (fields 14 and 15 of /proc/PID/stat, counted after the command's closing parenthesis). */
    static double processSeconds(long pid) {
      try {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS;
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    /** The local stack's ClickHouse (its pid file), else the oldest process named clickhouse-server; 0 if none. */
    static long findClickhouse() {
      String dir = System.getenv("TOKENLEDGER_STACK_DIR");
      try {
        Path stack = dir == null || dir.isBlank() ? StackEnv.repoRoot().resolve(".stack") : Path.of(dir);
        long pid = Long.parseLong(Files.readString(stack.resolve("run/clickhouse.pid")).strip());
        if (Files.exists(Path.of("/proc/" + pid + "/stat"))) {
          return pid;
        }
      } catch (IOException | RuntimeException noStackState) {
        // another checkout's stack, or none: look for the process
      }
      try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
        return procs.map(p -> p.getFileName().toString()).filter(s -> s.chars().allMatch(Character::isDigit))
            .filter(pid -> {
              try {
                return Files.readString(Path.of("/proc", pid, "comm")).strip().startsWith("clickhouse-serv");
              } catch (IOException | RuntimeException gone) {
                return false;
              }
            }).mapToLong(Long::parseLong).min().orElse(0);
      } catch (IOException | RuntimeException e) {
        return 0;
      }
    }

    static double machineSeconds() {
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
  }

  // --- helpers -------------------------------------------------------------------------------------

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Nearest-rank percentile of sorted values. */
  static long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(p / 100 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  static String rss(long pid) {
    try {
      return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream().filter(l -> l.startsWith("VmRSS:"))
          .map(l -> l.substring(6).strip()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  static String loadAverage() {
    try {
      return "load average " + Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException e) {
      return "load average unknown";
    }
  }

  static String firstLine(String s) {
    return s == null ? "" : s.strip().lines().findFirst().orElse("");
  }

  /** A response body on one line (pretty-printed JSON errors included). */
  static String compact(String s) {
    return s == null ? "" : s.strip().replaceAll("\\s+", " ");
  }

  static String abbreviate(String s) {
    return s == null ? "" : s.length() <= 160 ? s : s.substring(0, 157) + "…";
  }
}
