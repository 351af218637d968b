package dev.tokenledger.agent.report;

/** One model's share of a report row (the {@code --breakdown} rows). */
public record ModelUsage(String model, Usage usage) {}
