package dev.tokenledger.agent.budget;

/**
 * What the organisation's API says about the budgets that apply to this user and project.
 *
 * @param line one line for an assistant's status line or a shell prompt
 * @param exceeded whether an enabled budget that applies is at or above its limit
 * @param json the whole answer, for {@code --json}
 */
public record BudgetStatus(String line, boolean exceeded, String json) {}
