/** The smallest GraphQL client a phone app needs: typed documents over fetch. */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";
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

  async run<TResult, TVariables extends Record<string, unknown>>(
    document: TypedDocumentNode<TResult, TVariables>,
    variables: TVariables,
  ): Promise<TResult> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.accessToken !== null) headers["authorization"] = `Bearer ${this.accessToken}`;
    const response = await fetch(this.endpoint, {
      method: "POST",
      headers,
      body: JSON.stringify({ query: print(document), variables }),
    });
    const body = (await response.json()) as { data?: TResult; errors?: GraphQLErrorShape[] };
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
}
