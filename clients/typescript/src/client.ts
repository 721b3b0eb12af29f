/** The smallest GraphQL client a phone app needs: typed documents over fetch. */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { type DocumentNode, Kind, print } from "graphql";
import type { ApiErrorCode, UnauthenticatedReason } from "./gql/enums";

/** A top-level GraphQL error as DealDesk sends it: `extensions.code` is an `ApiErrorCode`. */
export interface GraphQLErrorShape {
  message: string;
  extensions?: { code?: ApiErrorCode; reason?: UnauthenticatedReason };
}

/** A request the server refused as a whole (not a mutation's userErrors), with its typed code. */
export class DealDeskError extends Error {
  constructor(
    readonly code: ApiErrorCode | null,
    readonly reason: UnauthenticatedReason | null,
    message: string,
  ) {
    super(message);
  }
}

export class DealDeskClient {
  constructor(
    private readonly endpoint: string,
    private accessToken: string | null = null,
  ) {}

  signedInAs(token: string): void {
    this.accessToken = token;
  }

  /**
   * Runs a typed document. A document generated with its hash (`__meta__.hash`, the client
   * preset's `persistedDocuments`) goes by hash first, Apollo's `persistedQuery` extension:
   * a query as a GET (cacheable, revalidated with `If-None-Match`), a mutation as a POST. A
   * server that does not know the hash (`PERSISTED_QUERY_NOT_FOUND`/`_NOT_SUPPORTED`) gets
   * the document itself; one that runs only trusted documents knows every hash of this build.
   */
  async run<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const hash = persistedHash(document);
    if (hash !== null) {
      const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
      const body = isQuery(document)
        ? await this.get<TResult>({
            variables: JSON.stringify(variables),
            extensions: JSON.stringify(extensions),
          })
        : await this.post<TResult>({ variables, extensions });
      const code = body.errors?.[0]?.extensions?.code;
      if (code !== "PERSISTED_QUERY_NOT_FOUND" && code !== "PERSISTED_QUERY_NOT_SUPPORTED") {
        return unwrap(body);
      }
    }
    return unwrap(await this.post<TResult>({ query: print(document), variables }));
  }

  private headers(): Record<string, string> {
    const headers: Record<string, string> = {
      accept: "application/graphql-response+json, application/json;q=0.9",
    };
    if (this.accessToken !== null) headers["authorization"] = `Bearer ${this.accessToken}`;
    return headers;
  }

  private async get<TResult>(params: Record<string, string>): Promise<Body<TResult>> {
    const url = `${this.endpoint}?${new URLSearchParams(params).toString()}`;
    const response = await fetch(url, { method: "GET", headers: this.headers() });
    return (await response.json()) as Body<TResult>;
  }

  private async post<TResult>(payload: Record<string, unknown>): Promise<Body<TResult>> {
    const response = await fetch(this.endpoint, {
      method: "POST",
      headers: { ...this.headers(), "content-type": "application/json" },
      body: JSON.stringify(payload),
    });
    return (await response.json()) as Body<TResult>;
  }
}

interface Body<TResult> {
  data?: TResult;
  errors?: GraphQLErrorShape[];
}

function unwrap<TResult>(body: Body<TResult>): TResult {
  if (body.errors !== undefined && body.errors.length > 0) {
    const first = body.errors[0];
    const extensions = first?.extensions;
    throw new DealDeskError(
      extensions?.code ?? null,
      extensions?.reason ?? null,
      first?.message ?? "",
    );
  }
  if (body.data === undefined) throw new Error("no data");
  return body.data;
}

/** The document's sha256 (hex) from the client preset's `__meta__`, if it was generated. */
function persistedHash(document: DocumentNode): string | null {
  const meta = (document as { __meta__?: { hash?: unknown } }).__meta__;
  const hash = meta?.hash;
  return typeof hash === "string" ? hash.replace(/^sha256:/, "") : null;
}

function isQuery(document: DocumentNode): boolean {
  return document.definitions.some(
    (definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.operation === "query",
  );
}
