package dev.tokenledger.api.it;

import dev.tokenledger.api.ApiMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import picocli.CommandLine;

/** Runs {@code tokenledger api …} in this JVM with a configuration file, keeping what it printed. */
final class ApiCli {

  private final Path config;
  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  ApiCli(Path config) {
    this.config = config;
  }

  /** Runs the command line {@code args} followed by {@code --config FILE}; returns the exit code. */
  int run(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cl = new CommandLine(new ApiMain());
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "--config";
    all[args.length + 1] = config.toString();
    return cl.execute(all);
  }

  String out() {
    return out.toString();
  }

  String err() {
    return err.toString();
  }
}
