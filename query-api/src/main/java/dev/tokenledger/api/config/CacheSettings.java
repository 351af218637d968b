package dev.tokenledger.api.config;

import java.time.Duration;

/**
 * The API's short-lived answer cache.
 *
 * @param ttl how long a spend answer is reused for the same question in the same scope (0 = off)
 * @param maxEntries how many answers are remembered at most (least recently used make room)
 */
public record CacheSettings(Duration ttl, int maxEntries) {}
