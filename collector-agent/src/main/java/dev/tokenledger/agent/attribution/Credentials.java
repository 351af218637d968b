package dev.tokenledger.agent.attribution;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes credentials from any text an event carries that came from a log, a git checkout or a
 * report (branch, notes, ids, paths, tool names …): the user information of URLs
 * ({@code https://user:token@host/…} → {@code https://host/…}) and their query strings and fragments,
 * {@code key=value} pairs whose key names a secret ({@code token=…}, {@code password=…},
 * {@code api_key=…}), {@code Bearer …}, and the well-known shapes of access keys (GitHub, GitLab,
 * Slack, AWS, Google, {@code sk-…} API keys), each replaced by {@code [redacted]}. Text without any of
 * these hints is returned as it is, without a regular expression being run.
 */
public final class Credentials {

  /** What replaces a secret. */
  public static final String REDACTED = "[redacted]";

  private static final Pattern URL = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://\\S+");
  private static final Pattern KEY_VALUE = Pattern.compile(
      "(?i)\\b(password|passwd|pwd|secret|token|access[_-]?token|auth[_-]?token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret)(\\s*[=:]\\s*)[^\\s&,;]+");
  private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");
  private static final Pattern KEYS = Pattern.compile("\\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}"
      + "|glpat-[A-Za-z0-9_-]{20,}|sk-[A-Za-z0-9_-]{20,}|xox[abposr]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
      + "|AIza[0-9A-Za-z_-]{35})");
  private static final String[] HINTS = {"://", "=", ":", "earer", "gh", "_pat_", "glpat-", "sk-", "xox",
      "AKIA", "AIza"};

  private Credentials() {}

  /** {@code text} without credentials (null stays null). */
  public static String scrub(String text) {
    if (text == null || !hinted(text)) {
      return text;
    }
    String s = text;
    if (s.contains("://")) {
      Matcher m = URL.matcher(s);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(sb, Matcher.quoteReplacement(url(m.group())));
      }
      m.appendTail(sb);
      s = sb.toString();
    }
    s = KEY_VALUE.matcher(s).replaceAll("$1$2" + Matcher.quoteReplacement(REDACTED));
    s = BEARER.matcher(s).replaceAll("$1 " + Matcher.quoteReplacement(REDACTED));
    s = KEYS.matcher(s).replaceAll(Matcher.quoteReplacement(REDACTED));
    return s;
  }

  /** One URL-shaped word: no user information (up to its last '@'), no query, no fragment. */
  private static String url(String word) {
    int scheme = word.indexOf("://") + 3;
    String rest = word.substring(scheme);
    int cut = indexOfAny(rest, '?', '#');
    if (cut >= 0) {
      rest = rest.substring(0, cut);
    }
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      rest = rest.substring(at + 1);
    }
    return word.substring(0, scheme) + rest;
  }

  private static boolean hinted(String s) {
    for (String h : HINTS) {
      if (s.contains(h)) {
        return true;
      }
    }
    return false;
  }

  private static int indexOfAny(String s, char a, char b) {
    int i = s.indexOf(a);
    int j = s.indexOf(b);
    return i < 0 ? j : j < 0 ? i : Math.min(i, j);
  }
}
