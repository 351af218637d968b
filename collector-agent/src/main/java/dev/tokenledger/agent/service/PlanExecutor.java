package dev.tokenledger.agent.service;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.function.Function;

/**
 * Prints a {@link ServicePlan} ({@code --dry-run}: exactly what would be written and run, file contents
 * included) or carries it out: copies, writes (an existing config file is kept), commands, then deletes.
 * A failing command stops the run with its exit code; files written before it stay.
 */
public final class PlanExecutor {

  private final PrintStream out;
  private final Function<List<String>, Integer> runner;

  /**
   * @param runner runs a command and returns its exit code (tests: a recorder)
   */
  public PlanExecutor(PrintStream out, Function<List<String>, Integer> runner) {
    this.out = out;
    this.runner = runner;
  }

  /** Runs a command with inherited I/O. */
  public static int run(List<String> command) {
    try {
      return new ProcessBuilder(command).inheritIO().start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + String.join(" ", command) + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 130;
    }
  }

  /** Prints the plan without changing anything. */
  public void print(ServicePlan plan) {
    for (ServicePlan.Copy c : plan.copies()) {
      out.println("copy " + c.from() + " -> " + c.to());
    }
    for (ServicePlan.Write w : plan.writes()) {
      boolean kept = w.keepExisting() && Files.exists(w.path());
      out.println((kept ? "keep existing " : "write ") + w.path() + (kept ? "" : ":"));
      if (!kept) {
        out.println("----- " + w.path().getFileName() + " -----");
        out.print(w.content());
        out.println("-----");
      }
    }
    for (List<String> cmd : plan.commands()) {
      out.println("run " + String.join(" ", cmd));
    }
    for (Path d : plan.deletes()) {
      out.println("remove " + d);
    }
    plan.notes().forEach(n -> out.println("note: " + n));
  }

  /** Carries the plan out; returns 0 or the exit code of the first failing command. */
  public int execute(ServicePlan plan) throws IOException {
    for (ServicePlan.Copy c : plan.copies()) {
      Files.createDirectories(c.to().getParent());
      Files.copy(c.from(), c.to(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
    }
    for (ServicePlan.Write w : plan.writes()) {
      if (w.keepExisting() && Files.exists(w.path())) {
        out.println("kept " + w.path());
        continue;
      }
      Files.createDirectories(w.path().getParent());
      Path tmp = w.path().resolveSibling(w.path().getFileName() + ".tmp");
      Files.writeString(tmp, w.content());
      Files.move(tmp, w.path(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      out.println("wrote " + w.path());
    }
    for (List<String> cmd : plan.commands()) {
      out.println("run " + String.join(" ", cmd));
      int code = runner.apply(cmd);
      if (code != 0 && plan.deletes().isEmpty()) {
        out.println("failed (exit " + code + "): " + String.join(" ", cmd));
        return code;
      }
      if (code != 0) { // uninstalling: a service that is not loaded is no reason to keep its files
        out.println("exit " + code + " (continuing): " + String.join(" ", cmd));
      }
    }
    for (Path d : plan.deletes()) {
      if (Files.exists(d)) {
        deleteRecursively(d);
        out.println("removed " + d);
      }
    }
    plan.notes().forEach(n -> out.println("note: " + n));
    return 0;
  }

  private static void deleteRecursively(Path root) throws IOException {
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.delete(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
