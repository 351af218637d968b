package dev.tokenledger.agent.orgmap;

import java.util.regex.Pattern;

/**
 * One compiled pattern of a mapping rule, matched case-insensitively: a text without wildcards is an
 * exact match, {@code *@domain} a suffix match, anything else a regular expression built once. In a
 * git remote {@code *} and {@code ?} stay inside one path segment and {@code **} crosses segments
 * ({@code github.com/acme/*} is every repository of acme, {@code github.com/acme/**} also its
 * sub-groups); in an e-mail {@code *} is any text.
 */
final class GlobPattern {

  private final String text;
  private final String literal;
  private final boolean suffix;
  private final Pattern regex;

  private GlobPattern(String text, String literal, boolean suffix, Pattern regex) {
    this.text = text;
    this.literal = literal;
    this.suffix = suffix;
    this.regex = regex;
  }

  /** @param segments true for git remotes ({@code *} stops at {@code /}) */
  static GlobPattern compile(String pattern, boolean segments) {
    boolean wild = pattern.indexOf('*') >= 0 || pattern.indexOf('?') >= 0;
    if (!wild) {
      return new GlobPattern(pattern, pattern, false, null);
    }
    String rest = pattern.substring(1);
    if (!segments && pattern.charAt(0) == '*' && rest.indexOf('*') < 0 && rest.indexOf('?') < 0) {
      return new GlobPattern(pattern, rest, true, null);
    }
    StringBuilder re = new StringBuilder();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c != '*' && c != '?') {
        lit.append(c);
        continue;
      }
      if (lit.length() > 0) {
        re.append(Pattern.quote(lit.toString()));
        lit.setLength(0);
      }
      if (c == '?') {
        re.append(segments ? "[^/]" : ".");
      } else if (segments && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
        re.append(".*");
        i++;
      } else {
        re.append(segments ? "[^/]*" : ".*");
      }
    }
    if (lit.length() > 0) {
      re.append(Pattern.quote(lit.toString()));
    }
    return new GlobPattern(pattern, null, false,
        Pattern.compile(re.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL));
  }

  boolean matches(String value) {
    if (value == null) {
      return false;
    }
    if (regex != null) {
      return regex.matcher(value).matches();
    }
    if (suffix) {
      return value.length() >= literal.length()
          && value.regionMatches(true, value.length() - literal.length(), literal, 0, literal.length());
    }
    return value.equalsIgnoreCase(literal);
  }

  @Override
  public String toString() {
    return text;
  }
}
