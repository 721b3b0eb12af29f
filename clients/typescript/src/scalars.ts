/**
 * Compile-time checks on the scalar mapping: a money amount must come out as `string`, never
 * `unknown` or `any`. If the codegen config or the SDL regresses, `tsc` fails here.
 */
import type {
  CreateQuoteMutation,
  PricedQuoteFieldsFragment,
  SignInMutation,
} from "./gql/graphql";

type IsExactly<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
  ? true
  : false;
type Assert<T extends true> = T;

type Priced = PricedQuoteFieldsFragment;
type SavedQuote = NonNullable<CreateQuoteMutation["createQuote"]["quote"]>;
type Session = NonNullable<SignInMutation["login"]["session"]>;

export type DecimalIsString = Assert<IsExactly<Priced["netTotal"]["amount"], string>>;
export type CurrencyIsString = Assert<IsExactly<SavedQuote["netTotal"]["currency"], string>>;
export type DateIsString = Assert<IsExactly<SavedQuote["validUntil"], string>>;
export type DateTimeIsString = Assert<IsExactly<Session["accessTokenExpiresAt"], string>>;
