package dev.tokenledger.api.http;

/**
 * One route of the API: method, path (Javalin syntax, {@code {name}} for a path parameter), whether only
 * admins may call it, and its endpoint. The route table is the single source the server registers and
 * the OpenAPI test compares with the published document.
 */
record Route(String method, String path, boolean adminOnly, Endpoint endpoint) {}
