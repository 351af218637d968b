package dev.tokenledger.agent.local;

/** What a local report's rows are: days, months, or sessions. */
public enum LocalPeriod {
  DAY, MONTH, SESSION
}
