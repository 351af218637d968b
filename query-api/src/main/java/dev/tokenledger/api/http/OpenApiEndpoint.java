package dev.tokenledger.api.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** {@code GET /v1/openapi.json}: the OpenAPI 3.1 description of this API, shipped with the server. */
final class OpenApiEndpoint implements Endpoint {

  static final String RESOURCE = "/openapi/tokenledger-api.json";

  private final byte[] document = load();

  @Override
  public Answer answer(ApiRequest request) {
    new Params(request.params(), List.of("format"));
    return Answer.document(document);
  }

  static byte[] load() {
    try (InputStream in = OpenApiEndpoint.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the build");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
