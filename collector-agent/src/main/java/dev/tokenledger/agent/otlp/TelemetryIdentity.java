package dev.tokenledger.agent.otlp;

/**
 * Who a telemetry record names (Claude Code's standard attributes and the keys of
 * {@code OTEL_RESOURCE_ATTRIBUTES}), each null when absent.
 *
 * @param userId {@code user.id} (Claude Code's anonymous installation id, or the IdP subject behind a gateway)
 * @param userEmail {@code user.email}
 * @param accountUuid {@code user.account_uuid}
 * @param organizationId {@code organization.id} (the assistant vendor's organisation UUID)
 * @param team {@code team.id}, else {@code team}
 * @param costCentre {@code cost_center}, else {@code cost_centre}
 * @param host {@code host.name}, if the exporter's resource names it
 */
public record TelemetryIdentity(String userId, String userEmail, String accountUuid, String organizationId, String team,
    String costCentre, String host) {

  static TelemetryIdentity of(TelemetryRecord r) {
    return new TelemetryIdentity(TelemetryUsage.text(r, "user.id"), TelemetryUsage.text(r, "user.email"), TelemetryUsage.text(r, "user.account_uuid"),
        TelemetryUsage.text(r, "organization.id"), first(r, "team.id", "team"), first(r, "cost_center", "cost_centre"),
        TelemetryUsage.text(r, "host.name"));
  }

  /** The user id a central receiver attributes to: the e-mail, else the account UUID, else {@code user.id}. */
  public String centralUserId() {
    return userEmail != null ? userEmail : accountUuid != null ? "account:" + accountUuid
        : userId != null ? "otel:" + userId : "unknown";
  }

  private static String first(TelemetryRecord r, String a, String b) {
    String v = TelemetryUsage.text(r, a);
    return v != null ? v : TelemetryUsage.text(r, b);
  }
}
