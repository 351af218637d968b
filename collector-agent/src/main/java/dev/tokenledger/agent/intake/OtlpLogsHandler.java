package dev.tokenledger.agent.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.sun.net.httpserver.HttpExchange;
import dev.tokenledger.agent.attribution.Attributor;
import dev.tokenledger.agent.attribution.OrgAssignments;
import dev.tokenledger.agent.otlp.OtlpDecodeException;
import dev.tokenledger.agent.otlp.OtlpLogsDecoder;
import dev.tokenledger.agent.otlp.TelemetryIdentity;
import dev.tokenledger.agent.otlp.TelemetryRecord;
import dev.tokenledger.agent.otlp.TelemetryUsage;
import dev.tokenledger.agent.spool.EventJournal;
import dev.tokenledger.agent.spool.SpoolFullException;
import dev.tokenledger.events.UsageEvent;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * {@code POST /v1/logs}: the OTLP/HTTP logs receiver (binary protobuf or JSON, optionally gzip-compressed),
 * behind the same guard as the rest of the intake (loopback host, no browser, the intake token as
 * {@code Authorization: Bearer}). Token-bearing usage events ({@link TelemetryUsage}) become usage events
 * through the journal, like every other source; everything else in the export is accepted and ignored.
 *
 * <p>Answers, as the OTLP specification asks, in the request's encoding: 200 with an
 * {@code ExportLogsServiceResponse} once every accepted event is durable in the spool (with
 * {@code partial_success} counting and explaining the refused usage records); 400 with a {@code Status}
 * for a body that is not an export request (nothing stored); 413 above {@link #MAX_BODY} bytes (also
 * once decompressed); 415 for another content type or encoding; 503 when the spool is full (retryable).
 */
final class OtlpLogsHandler {

  static final String PATH = "/v1/logs";
  /** Largest body accepted, compressed and decompressed (an exporter's batch is far smaller). */
  static final int MAX_BODY = 4 << 20;
  private static final int MAX_DRAIN = 16 << 20;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int INVALID_ARGUMENT = 3;
  private static final int RESOURCE_EXHAUSTED = 8;
  private static final int UNAVAILABLE = 14;

  private final EventJournal journal;
  private final Attributor attributor;
  private final TelemetryUsage mapper;
  private final Runnable onEvent;
  private final boolean central;

  /**
   * @param central true for the central receiver: the telemetry names the user, team and host (see
   *     {@link #centralIdentity}); false inside the agent ({@link #withIdentity})
   */
  OtlpLogsHandler(EventJournal journal, Attributor attributor, TelemetryUsage mapper, boolean central, Runnable onEvent) {
    this.central = central;
    this.journal = journal;
    this.attributor = attributor;
    this.mapper = mapper;
    this.onEvent = onEvent;
  }

  /** Handles a request that passed the guard's host, browser and token checks. */
  void handle(HttpExchange ex) throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      ex.getResponseHeaders().add("Allow", "POST");
      status(ex, 405, false, INVALID_ARGUMENT, "use POST " + PATH);
      return;
    }
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    String media = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
    boolean protobuf = media.equals("application/x-protobuf");
    if (!protobuf && !media.equals("application/json")) {
      status(ex, 415, false, INVALID_ARGUMENT, "Content-Type must be application/x-protobuf or application/json, was "
          + (type == null ? "none" : shorten(type)));
      return;
    }
    String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
    String enc = encoding == null ? "identity" : encoding.trim().toLowerCase(Locale.ROOT);
    if (!enc.equals("gzip") && !enc.equals("identity")) {
      status(ex, 415, protobuf, INVALID_ARGUMENT, "Content-Encoding must be gzip or absent, was " + shorten(encoding));
      return;
    }
    byte[] body = read(ex.getRequestBody());
    if (body == null) {
      status(ex, 413, protobuf, RESOURCE_EXHAUSTED, "body larger than " + MAX_BODY + " bytes");
      return;
    }
    if (enc.equals("gzip")) {
      try {
        body = read(new GZIPInputStream(new ByteArrayInputStream(body)));
      } catch (ZipException | java.io.EOFException e) {
        status(ex, 400, protobuf, INVALID_ARGUMENT, "body is not valid gzip: " + e.getMessage());
        return;
      }
      if (body == null) {
        status(ex, 413, protobuf, RESOURCE_EXHAUSTED, "body larger than " + MAX_BODY + " bytes once decompressed");
        return;
      }
    }
    List<TelemetryRecord> records;
    try {
      records = protobuf ? OtlpLogsDecoder.protobuf(body) : OtlpLogsDecoder.json(body);
    } catch (OtlpDecodeException e) {
      status(ex, 400, protobuf, INVALID_ARGUMENT, e.getMessage());
      return;
    }
    List<UsageEvent> events = new ArrayList<>();
    int rejected = 0;
    Set<String> reasons = new LinkedHashSet<>();
    for (TelemetryRecord r : records) {
      TelemetryUsage.Outcome o = mapper.map(r);
      switch (o.kind()) {
        case USAGE -> events.add(central ? centralIdentity(attribute(o), o.identity(), attributor.assignments())
            : withIdentity(attribute(o), o.identity(), attributor.assignments()));
        case REJECTED -> {
          rejected++;
          if (reasons.size() < 5) {
            reasons.add(String.join("; ", o.problems()));
          }
        }
        case IGNORED -> { }
      }
    }
    int added = 0;
    try {
      for (UsageEvent e : events) {
        if (journal.offer(e)) {
          added++;
        }
      }
      journal.commit();
    } catch (SpoolFullException e) {
      ex.getResponseHeaders().set("Retry-After", "30");
      status(ex, 503, protobuf, UNAVAILABLE, e.getMessage());
      return;
    }
    for (int i = 0; i < added; i++) {
      onEvent.run();
    }
    String message = rejected == 0 ? "" : rejected + " usage record(s) refused: " + String.join(" | ", reasons);
    if (protobuf) {
      ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
      if (rejected > 0) {
        b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder().setRejectedLogRecords(rejected).setErrorMessage(message));
      }
      respond(ex, 200, "application/x-protobuf", b.build().toByteArray());
    } else {
      ObjectNode n = JSON.createObjectNode();
      if (rejected > 0) {
        n.putObject("partialSuccess").put("rejectedLogRecords", Integer.toString(rejected)).put("errorMessage", message);
      }
      respond(ex, 200, "application/json", JSON.writeValueAsBytes(n));
    }
  }

  private UsageEvent attribute(TelemetryUsage.Outcome o) {
    synchronized (attributor) {
      return attributor.attribute(o.usage(), dev.tokenledger.events.CountsOrigin.TELEMETRY);
    }
  }

  /**
   * Inside the agent the machine's identity (configured org, user, team) stays authoritative, as for log
   * events; what the configuration leaves open is taken, per field, from the organisation mapping (already
   * applied by the attributor for a configured e-mail; here for the telemetry's {@code user.email} when no
   * e-mail is configured), then from the telemetry ({@code user.email}, {@code team.id}, {@code cost_center}).
   * ADR 0144.
   */
  static UsageEvent withIdentity(UsageEvent e, TelemetryIdentity who, OrgAssignments mapping) {
    if (who == null) {
      return e;
    }
    String email = e.getUserEmail() == null ? who.userEmail() : null;
    boolean teamOpen = e.getTeam() == null;
    boolean centreOpen = e.getCostCentre() == null;
    OrgAssignments.Assignment a = email != null && (teamOpen || centreOpen)
        ? mapping.assign(email, text(e.getGitRemote())) : OrgAssignments.Assignment.NONE;
    String team = teamOpen ? first(a.team(), who.team()) : null;
    String centre = centreOpen ? first(a.costCentre(), who.costCentre()) : null;
    if (email == null && team == null && centre == null) {
      return e;
    }
    UsageEvent.Builder b = UsageEvent.newBuilder(e);
    if (email != null) {
      b.setUserEmail(email);
    }
    if (team != null) {
      b.setTeam(team);
    }
    if (centre != null) {
      b.setCostCentre(centre);
    }
    return b.build();
  }

  /**
   * The central receiver serves many people: the user is the telemetry's ({@link
   * TelemetryIdentity#centralUserId}), with its e-mail and host; the organisation stays the receiver's
   * configured one. Team and cost centre, per field: the telemetry's (set on the sending machine, its local
   * setting), else the organisation mapping's for the telemetry's e-mail, else the receiver's own. ADR 0144.
   */
  static UsageEvent centralIdentity(UsageEvent e, TelemetryIdentity who, OrgAssignments mapping) {
    UsageEvent.Builder b = UsageEvent.newBuilder(e).setUserId(who.centralUserId()).setUserEmail(who.userEmail())
        .setHost(who.host() != null ? who.host() : "unknown");
    OrgAssignments.Assignment a = who.userEmail() != null && (who.team() == null || who.costCentre() == null)
        ? mapping.assign(who.userEmail(), text(e.getGitRemote())) : OrgAssignments.Assignment.NONE;
    String team = first(who.team(), a.team());
    String centre = first(who.costCentre(), a.costCentre());
    if (team != null) {
      b.setTeam(team);
    }
    if (centre != null) {
      b.setCostCentre(centre);
    }
    return b.build();
  }

  private static String first(String a, String b) {
    return a != null ? a : b;
  }

  private static String text(CharSequence s) {
    return s == null ? null : s.toString();
  }

  /** The bytes, or null above the bound (the rest drained up to a limit so the client reads its 413). */
  private static byte[] read(InputStream in) throws IOException {
    try (in) {
      byte[] body = in.readNBytes(MAX_BODY + 1);
      if (body.length <= MAX_BODY) {
        return body;
      }
      long drained = 0;
      byte[] sink = new byte[64 * 1024];
      for (int n; drained < MAX_DRAIN && (n = in.read(sink)) > 0; ) {
        drained += n;
      }
      return null;
    }
  }

  /** An error as a google.rpc.Status (code = 1, message = 2) in the request's encoding. */
  private static void status(HttpExchange ex, int http, boolean protobuf, int code, String message) throws IOException {
    if (protobuf) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      out.writeInt32(1, code);
      out.writeString(2, message);
      out.flush();
      respond(ex, http, "application/x-protobuf", bytes.toByteArray());
    } else {
      respond(ex, http, "application/json", JSON.writeValueAsBytes(JSON.createObjectNode().put("code", code)
          .put("message", message)));
    }
  }

  private static void respond(HttpExchange ex, int status, String type, byte[] bytes) {
    ex.getResponseHeaders().set("Content-Type", type);
    try {
      ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(bytes);
        }
      }
    } catch (IOException e) {
      // client went away; stored events stay stored
    }
  }

  private static String shorten(String s) {
    return s.length() <= 60 ? s : s.substring(0, 60) + "…";
  }
}
