// Xero's accounts and tax rates, fetched once a page load (the dialogs choose from them).

import { gql, problemText } from "./api.js";
import { REFERENCE_DATA } from "./queries.js";

let pending = null;

export function referenceData() {
  pending ??= gql(REFERENCE_DATA).then(({ invoiceReferenceData: data }) => {
    if ("message" in data) throw new Error(problemText(data));
    return data;
  });
  pending.catch(() => { pending = null; });
  return pending;
}

// An account is chosen by its code; one without a code (some bank accounts) by its id.
export function accountOptions(accounts) {
  return accounts.map((a) => [a.code || `id:${a.id}`, `${a.code ? `${a.code} · ` : ""}${a.name}`]);
}

export function accountInput(value) {
  if (!value) return {};
  return value.startsWith("id:") ? { accountId: value.slice(3) } : { accountCode: value };
}
