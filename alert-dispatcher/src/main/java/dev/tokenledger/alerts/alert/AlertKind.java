package dev.tokenledger.alerts.alert;

/** What an alert says: a threshold was crossed, or the spend is forecast to cross it. */
public enum AlertKind {
  CROSSED,
  FORECAST
}
