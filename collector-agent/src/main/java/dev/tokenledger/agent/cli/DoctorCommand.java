package dev.tokenledger.agent.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tokenledger.agent.attribution.MachineIdentity;
import dev.tokenledger.agent.config.AgentConfig;
import dev.tokenledger.agent.orgmap.OrgMappingService;
import dev.tokenledger.agent.config.ConfigException;
import dev.tokenledger.agent.publish.TopicMissingException;
import dev.tokenledger.agent.runtime.StatusFile;
import dev.tokenledger.agent.source.UsageSource;
import dev.tokenledger.schemas.registry.CachingSchemaRegistry;
import dev.tokenledger.schemas.registry.RegistryConfig;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Checks config, paths, Kafka and registry with one PASS/WARN/FAIL line each; exit 1 on any FAIL. */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Check the configuration, state directory, log locations, Kafka and the schema registry.")
public final class DoctorCommand implements Callable<Integer> {

  @ParentCommand
  AgentContext main;

  @Option(names = "--cwd", paramLabel = "DIR",
      description = "Directory whose git remote the team and cost centre are shown for (default: the current directory).")
  Path cwd;

  private int failures;
  private PrintStream out;

  @Override
  public Integer call() {
    out = main.out();
    AgentConfig config;
    try {
      config = main.config();
      pass("config", "parsed from " + config.source());
    } catch (ConfigException e) {
      e.problems().forEach(p -> fail("config", p));
      return ExitCodes.FAILED;
    }
    checkStateDir(config.stateDir());
    checkIdentity(config);
    pass("privacy", (config.hashPaths() ? "worktree paths and host name hashed" : "worktree paths and host name in clear"
        + " (privacy.hash-paths=false)") + "; hashes salted " + (config.privacy().hashSalt().isPresent()
            ? "with the secret salt from " + config.privacy().saltSource()
            : "with a salt derived from org.id (not a secret; see privacy.hash-salt-file)"));
    for (UsageSource s : main.sources()) {
      try {
        List<Path> files = s.discover(main.environment());
        if (files.isEmpty()) {
          warn("source " + s.tool(), "no log files found (not installed, or never used on this machine)");
        } else {
          pass("source " + s.tool(), files.size() + " log files");
        }
      } catch (Exception e) {
        fail("source " + s.tool(), "cannot list logs: " + e);
      }
    }
    if (main.sources().isEmpty()) {
      warn("sources", "this build has no sources");
    }
    checkKafka(config);
    checkPublisher(config);
    checkRegistry(config);
    checkIntake(config);
    out.println(failures == 0 ? "doctor: all checks passed" : "doctor: " + failures + " check(s) failed");
    return failures == 0 ? ExitCodes.OK : ExitCodes.FAILED;
  }

  private void checkStateDir(Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, "doctor", ".probe");
      Files.delete(probe);
      pass("state dir", dir + " is writable");
    } catch (Exception e) {
      fail("state dir", dir + " is not writable: " + e);
    }
  }

  /** The organisation mapping and the effective identity, each value with its source (ADR 0144). */
  private void checkIdentity(AgentConfig config) {
    var env = main.environment().variables();
    try (OrgMappingService mapping = OrgMappingService.open(config.orgMapping(), config.stateDir(), false, env,
        main.clock())) {
      new IdentityReport(config, MachineIdentity.resolve(config, env), main.clock(), out, new IdentityReport.Lines() {
        @Override
        public void pass(String what, String detail) {
          DoctorCommand.this.pass(what, detail);
        }

        @Override
        public void warn(String what, String detail) {
          DoctorCommand.this.warn(what, detail);
        }
      }).print(mapping, (cwd != null ? cwd : Path.of("")).toAbsolutePath().normalize().toString());
    }
  }

  private void checkKafka(AgentConfig config) {
    Properties p = new Properties();
    p.putAll(config.kafka().extra());
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
    int timeout = timeoutMillis(config);
    p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
    p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
    try (Admin admin = Admin.create(p)) {
      String cluster = admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
      pass("kafka", config.kafka().bootstrapServers() + " reachable (cluster " + cluster + ")");
      Set<String> topics = admin.listTopics().names().get(timeout, TimeUnit.MILLISECONDS);
      String topic = config.topics().usageEvents();
      if (topics.contains(topic)) {
        pass("topic", topic + " exists");
        checkTimestampType(admin, topic, timeout);
      } else {
        warn("topic", TopicMissingException.message(topic) + "; events wait in the spool until it exists");
      }
    } catch (Exception e) {
      fail("kafka", config.kafka().bootstrapServers() + " not reachable: " + rootMessage(e)
          + " (events wait in the spool until it is)");
    }
  }

  /**
   * A topic that keeps the producer's timestamps (CreateTime) refuses the events of a machine whose clock
   * is ahead of the broker's by more than message.timestamp.after.max.ms; LogAppendTime does not care.
   */
  private void checkTimestampType(Admin admin, String topic, int timeout) {
    ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
    try {
      Config c = admin.describeConfigs(List.of(resource)).all().get(timeout, TimeUnit.MILLISECONDS).get(resource);
      ConfigEntry type = c.get(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG);
      ConfigEntry after = c.get(TopicConfig.MESSAGE_TIMESTAMP_AFTER_MAX_MS_CONFIG);
      if (type != null && "LogAppendTime".equals(type.value())) {
        pass("topic timestamps", "message.timestamp.type=LogAppendTime: the broker stamps records, this machine's"
            + " clock does not matter");
      } else {
        String window = after == null ? "message.timestamp.after.max.ms"
            : Summaries.human(java.time.Duration.ofMillis(Long.parseLong(after.value())));
        warn("topic timestamps", "message.timestamp.type=" + (type == null ? "?" : type.value()) + " on " + topic
            + ": the broker refuses the events of a machine whose clock is more than " + window + " ahead of it (they"
            + " wait in its spool); ask the operator to set message.timestamp.type=LogAppendTime on the topic");
      }
    } catch (Exception e) {
      warn("topic timestamps", "cannot read the configuration of " + topic + ": " + rootMessage(e));
    }
  }

  /** What the running (or last) agent's publisher reported, from status.json. */
  private void checkPublisher(AgentConfig config) {
    JsonNode pub;
    try {
      pub = StatusFile.read(config.stateDir()).path("publisher");
    } catch (Exception e) {
      return;
    }
    if (pub.path("stopped").asBoolean(false)) {
      fail("publisher", "STOPPED: " + pub.path("lastError").asText());
    } else if (pub.hasNonNull("lastError")) {
      warn("publisher", "last error: " + pub.path("lastError").asText());
    }
  }

  private void checkRegistry(AgentConfig config) {
    RegistryConfig address = RegistryConfig.of(config.kafka().registryUrl());
    String registryUrl = address.baseUrl().toString();
    try {
      var registry = CachingSchemaRegistry.connect(address
          .withRetries(1, Duration.ofMillis(100), Duration.ofMillis(100)).withTimeout(Duration.ofMillis(timeoutMillis(config))));
      int subjects = registry.subjects().size();
      pass("registry", registryUrl + " reachable (" + subjects + " subjects)");
    } catch (Exception e) {
      fail("registry", registryUrl + " not reachable: " + rootMessage(e));
    }
  }

  private void checkIntake(AgentConfig config) {
    if (!config.intake().enabled()) {
      pass("intake", "disabled");
      return;
    }
    int port = config.intake().port();
    try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      pass("intake", "port " + port + " on 127.0.0.1 is free for `run`");
    } catch (Exception e) {
      warn("intake", "port " + port + " is in use (a running agent, or another program)");
    }
  }

  /** The configured request timeout, at most 5 s: a check should answer quickly. */
  private static int timeoutMillis(AgentConfig config) {
    return (int) Math.min(5000, config.kafka().requestTimeout().toMillis());
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  private void pass(String what, String detail) {
    out.printf("[PASS] %-20s %s%n", what, detail);
  }

  private void warn(String what, String detail) {
    out.printf("[WARN] %-20s %s%n", what, detail);
  }

  private void fail(String what, String detail) {
    failures++;
    out.printf("[FAIL] %-20s %s%n", what, detail);
  }
}
