package dev.tokenledger.agent.intake;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;

/** Sends a JSON answer on the intake's HTTP servers; a caller that went away is not an error (what was stored stays stored). */
final class JsonReplies {

  private JsonReplies() {}

  static void send(HttpExchange ex, int status, byte[] json) {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    try {
      ex.sendResponseHeaders(status, json.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(json);
      }
    } catch (IOException e) {
      // the client went away
    }
  }
}
