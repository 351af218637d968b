package dev.tokenledger.api.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What a caller may see, always within their one organisation: a developer their own usage, a manager
 * their teams', finance the whole organisation's; an admin also manages tokens and budgets.
 */
public enum Role {
  DEVELOPER,
  MANAGER,
  FINANCE,
  ADMIN;

  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException("unknown role '" + text + "' (known: " + names() + ")");
    }
  }

  public static String names() {
    return Arrays.stream(values()).map(Role::wireName).collect(Collectors.joining(", "));
  }
}
