package dev.tokenledger.api.http;

/**
 * One column of a tabular answer: its name in JSON and CSV and how its values are written. Money is a
 * decimal string in JSON, so no client rounds it through a binary double.
 */
record Column(String name, Kind kind) {

  enum Kind { TEXT, INTEGER, MONEY, BOOLEAN, TIME }

  static Column text(String name) {
    return new Column(name, Kind.TEXT);
  }

  static Column integer(String name) {
    return new Column(name, Kind.INTEGER);
  }

  static Column money(String name) {
    return new Column(name, Kind.MONEY);
  }

  static Column bool(String name) {
    return new Column(name, Kind.BOOLEAN);
  }

  static Column time(String name) {
    return new Column(name, Kind.TIME);
  }
}
