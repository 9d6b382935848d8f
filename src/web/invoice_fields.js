// The one-off invoice's settings: due date, account, tax rate, reference, status, email.

import { field, h, select } from "./dom.js";
import { accountInput, accountOptions, referenceData } from "./reference_data.js";

const STATUSES = [["AUTHORISED", "Approved (AUTHORISED)"], ["SUBMITTED", "Awaiting approval (SUBMITTED)"],
  ["DRAFT", "Draft"]];
const OWN = "";

export function oneOffFields() {
  const due = h("input", { type: "date", required: true, testid: "invoice-due-date" });
  const account = select([[OWN, "Each line's own account"]], OWN, { testid: "invoice-account" });
  const tax = select([[OWN, "Each line's own tax rate"]], OWN, { testid: "invoice-tax-rate" });
  const reference = h("input", { type: "text", maxlength: 255, testid: "invoice-reference" });
  const status = select(STATUSES, "AUTHORISED", { testid: "invoice-status" });
  const email = h("input", { type: "checkbox", id: "email-after", testid: "email-after" });
  const el = h("fieldset", { class: "grid" }, h("legend", {}, "Invoice"),
    field("Due date", due), field("Account", account), field("Tax rate", tax),
    field("Reference", reference), field("Status", status),
    h("div", { class: "field inline" }, email, h("label", { for: "email-after" }, "Email after sending")));
  const taxNote = h("small", { class: "hint", testid: "tax-rate-note", hidden: true },
    "The totals above use each line's own tax rate; Xero applies the rate chosen here.");
  tax.after(taxNote);
  let draftTaxType = null;
  tax.addEventListener("change", () => { taxNote.hidden = tax.value === (draftTaxType ?? OWN); });
  const options = loadOptions(account, tax);
  status.addEventListener("change", () => { email.disabled = status.value === "DRAFT"; });

  return {
    el,
    async fill(draft) {
      due.value = draft.dueDate;
      reference.value = draft.reference;
      status.value = draft.status;
      await options;
      account.value = draft.accountCode ?? OWN;
      tax.value = draft.taxType ?? OWN;
      draftTaxType = draft.taxType;
      taxNote.hidden = true;
    },
    values() {
      return {
        dueDate: due.value || null,
        ...(account.value ? accountInput(account.value) : {}),
        taxType: tax.value || null,
        reference: reference.value,
        status: status.value,
        emailAfter: email.checked && !email.disabled,
      };
    },
  };
}

async function loadOptions(account, tax) {
  try {
    const data = await referenceData();
    account.append(...accountOptions(data.revenueAccounts).map(([v, label]) => h("option", { value: v }, label)));
    tax.append(...data.taxRates.map((t) => h("option", { value: t.taxType }, taxLabel(t))));
  } catch {
    // Without Xero's lists each line keeps its product's own account and tax rate.
  }
}

function taxLabel(rate) {
  return rate.name.includes("%") ? rate.name : `${rate.name} (${rate.rate}%)`;
}
