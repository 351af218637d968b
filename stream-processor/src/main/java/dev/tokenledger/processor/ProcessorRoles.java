package dev.tokenledger.processor;

import java.util.ArrayList;
import java.util.List;

/** The picocli commands of every role; each role adds its command here. */
final class ProcessorRoles {

  private ProcessorRoles() {}

  static List<Object> all() {
    List<Object> roles = new ArrayList<>();
    roles.add(new dev.tokenledger.processor.cli.StreamsCommand());
    roles.add(new dev.tokenledger.processor.cli.SinkCommand());
    return roles;
  }
}
