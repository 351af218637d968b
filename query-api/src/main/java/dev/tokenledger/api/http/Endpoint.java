package dev.tokenledger.api.http;

/** What one route answers. Refusals are exceptions ({@link ApiException}, IllegalArgumentException: 400, ...). */
@FunctionalInterface
interface Endpoint {

  Answer answer(ApiRequest request);
}
