// Mark as Paid: payment date (today) and the account paid into; "Record $<amount due>".

import { FAILED_PAYMENT, mutate } from "./api.js";
import { field, h, modal, select, todayIso } from "./dom.js";
import { dialogError, notify } from "./notice.js";
import { RECORD_PAYMENT } from "./queries.js";
import { accountInput, accountOptions, referenceData } from "./reference_data.js";

export async function openPaymentDialog(inv, reload) {
  // One key per dialog: retrying a part payment never records it twice.
  const key = crypto.randomUUID();
  const date = h("input", { type: "date", required: true, value: todayIso(), testid: "payment-date" });
  const account = select([], null, { required: true, testid: "payment-account" });
  const record = h("button", { type: "submit", class: "primary", testid: "record-payment" },
    `Record $${inv.amountDue}`);
  const form = h("form", { method: "dialog" },
    h("p", {}, `Invoice ${inv.number}: ${inv.currency} ${inv.amountDue} due.`),
    field("Payment date", date),
    field("Account paid into", account),
    h("p", { class: "error", role: "alert", testid: "dialog-error", hidden: true }),
    h("footer", {}, record));
  const dialog = modal("Mark as Paid", "payment-dialog", form);
  dialog.classList.add("narrow");
  try {
    const data = await referenceData();
    account.replaceChildren(...accountOptions(data.paymentAccounts).map(([v, label]) =>
      h("option", { value: v, selected: v === data.defaultPaymentAccountCode }, label)));
  } catch (err) {
    dialogError(dialog, err);
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    record.disabled = true;
    try {
      const input = { invoiceId: inv.id, paymentDate: date.value, idempotencyKey: key,
        ...accountInput(account.value) };
      await mutate(RECORD_PAYMENT, { input }, "recordPayment", { payment: true });
      dialog.close();
      notify("Payment recorded in Xero. Product lines catch up on the next sync: " +
        "run Actions → Sync Invoices to update them now.");
      await reload();
    } catch (err) {
      // Xero's own message when the API has one; otherwise the article's generic words.
      dialogError(dialog, err.problem ? err : new Error(FAILED_PAYMENT));
      record.disabled = false;
    }
  });
}
