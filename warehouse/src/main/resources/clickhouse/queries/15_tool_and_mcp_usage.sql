-- Tool and MCP-server attribution: calls per tool, and the cost of the responses that called it
-- (a response calling two tools counts for both).
-- param: org String = acme
-- param: from DateTime = 2026-11-01 00:00:00
-- param: to DateTime = 2026-12-01 00:00:00
SELECT
    tool,
    if(server = '', '(built-in)', server) AS mcp_server,
    sum(calls) AS tool_calls,
    count() AS responses,
    sum(cost_total) AS responses_cost_usd
FROM usage_events FINAL
ARRAY JOIN tool_names AS tool, tool_mcp_servers AS server, tool_counts AS calls
WHERE org_id = ${org} AND event_time >= ${from} AND event_time < ${to}
GROUP BY tool, mcp_server
ORDER BY tool_calls DESC, tool, mcp_server;
