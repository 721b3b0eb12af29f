/**
 * What a phone does with a refused request, decided by an exhaustive switch over the
 * published `ApiErrorCode` (and `UnauthenticatedReason`): a code added to the schema's
 * enum fails this compile until the app decides what to do with it.
 */
import type { DealDeskError } from "./client";
import type { ApiErrorCode, UnauthenticatedReason } from "./gql/enums";

export type Recovery =
  | "sign-in"
  | "refresh-token"
  | "retry-later"
  | "fix-request"
  | "update-app"
  | "show";

export function recoveryFor(error: DealDeskError): Recovery {
  return error.code === null ? "show" : recoveryForCode(error.code, error.reason);
}

function recoveryForCode(code: ApiErrorCode, reason: UnauthenticatedReason | null): Recovery {
  switch (code) {
    case "UNAUTHENTICATED":
      return reason === null ? "sign-in" : recoveryForReason(reason);
    case "INVALID_TOKEN":
      return "sign-in";
    case "TOKEN_EXPIRED":
      return "refresh-token";
    case "SERVICE_UNAVAILABLE":
    case "TIMEOUT":
    case "SUPERSEDED":
      return "retry-later";
    case "BAD_REQUEST":
    case "BAD_USER_INPUT":
    case "GRAPHQL_PARSE_FAILED":
    case "GRAPHQL_VALIDATION_FAILED":
    case "OPERATION_RESOLUTION_FAILURE":
    case "PAYLOAD_TOO_LARGE":
    case "QUERY_TOO_COMPLEX":
    case "PERSISTED_QUERY_NOT_FOUND": // the client resends the document itself; not met here
    case "PERSISTED_QUERY_NOT_SUPPORTED":
      return "fix-request";
    case "PERSISTED_QUERY_NOT_IN_LIST": // the server runs only trusted documents: this build's
    case "OPERATION_NOT_TRUSTED": // operations are not among them, so the app is out of date
      return "update-app";
    case "FORBIDDEN":
    case "NOT_FOUND":
    case "RETIRED": // an attachment of a retired content item: say so, don't retry
    case "INTERNAL_SERVER_ERROR":
      return "show";
    default:
      return unhandled(code);
  }
}

function recoveryForReason(reason: UnauthenticatedReason): Recovery {
  switch (reason) {
    case "TOKEN_EXPIRED":
      return "refresh-token";
    case "INVALID_TOKEN":
    case "USER_INACTIVE":
      return "sign-in";
    default:
      return unhandled(reason);
  }
}

function unhandled(value: never): never {
  throw new Error(`unhandled error code ${String(value)}`);
}
