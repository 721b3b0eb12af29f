import type { CodegenConfig } from "@graphql-codegen/cli";

/**
 * How a mobile team generates DealDesk's types: the client preset over the exported SDL.
 *
 * Scalars map to what travels on the wire (see each scalar's description in the SDL):
 * Decimal is a string (exact, never a float), Date and DateTime are ISO-8601 strings,
 * CurrencyCode is an ISO 4217 code. (No field is untyped JSON any more.) Upload is a file part
 * of a GraphQL multipart request (`addContentAttachment`): a File or Blob on the client, and
 * never in a response.
 */
const config: CodegenConfig = {
  schema: "../../schema/schema.graphql",
  documents: ["src/operations/**/*.graphql"],
  ignoreNoDocuments: false,
  generates: {
    "src/gql/": {
      preset: "client",
      // Trusted documents: `src/gql/persisted-documents.json` maps each operation's sha256 to
      // its document (the server's DEALDESK_TRUSTED_DOCUMENTS), and every typed document carries
      // its hash (`__meta__.hash`), which the client sends as Apollo's `persistedQuery`.
      presetConfig: {
        persistedDocuments: { hashAlgorithm: "sha256" },
      },
      config: {
        strictScalars: true,
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: {
          Decimal: "string",
          Date: "string",
          DateTime: "string",
          CurrencyCode: "string",
          Upload: { input: "File | Blob", output: "never" },
        },
      },
    },
    // The errors a client meets outside any operation's result type: `extensions.code`
    // (ApiErrorCode) and a refused token's `extensions.reason` (UnauthenticatedReason). The
    // client preset emits only the types operations select, so these come from the schema's
    // enums, as string-literal unions a client can switch over exhaustively.
    "src/gql/enums.ts": {
      plugins: ["typescript"],
      config: { onlyEnums: true, enumsAsTypes: true },
    },
  },
};

export default config;
