// The Invoices section: a card per invoice, with the actions the API offers and why others
// are missing.

import { mutate } from "./api.js";
import { amount, h } from "./dom.js";
import { openInvoiceDialog } from "./invoice_dialog.js";
import { notify, notifyError } from "./notice.js";
import { openPaymentDialog } from "./payment_dialog.js";
import { EMAIL_INVOICE } from "./queries.js";

export const PORTION_LABELS = { FULL: "Full", DEPOSIT: "Deposit", BALANCE: "Balance", ONGOING: "Ongoing" };
const ACTION_LABELS = {
  EDIT: "Edit",
  EMAIL: "Send Invoice",
  MARK_AS_PAID: "Mark as Paid",
  RELABEL: "Change Label",
};

export function invoiceCards(opp, reload) {
  if (!opp.invoices) return h("p", { class: "empty" }, "Your role cannot see invoices.");
  if (!opp.invoices.length) return h("p", { class: "empty" }, "No invoices yet.");
  return h("div", { class: "cards" }, opp.invoices.map((inv) => card(inv, reload)));
}

function card(inv, reload) {
  const label = inv.portion ? PORTION_LABELS[inv.portion] : "Unlabelled";
  return h("article", { class: "card", testid: "invoice-card", "data-portion": inv.portion ?? "",
      "data-status": inv.status, "aria-label": `${label} invoice ${inv.number ?? ""}` },
    h("div", { class: "card-body" },
      h("button", { type: "button", class: "card-open", testid: "open-invoice",
          onclick: () => openInvoiceDialog(inv, reload) },
        `${inv.number ?? "Draft"} · ${label}`),
      h("p", {}, h("span", { class: "badge", testid: "invoice-status" }, inv.status),
        inv.raisedInXero ? h("span", { class: "badge" }, "Raised in Xero") : null,
        inv.repeatingInvoiceId ? h("span", { class: "badge" }, "Repeating") : null,
        inv.needsAttention ? h("span", { class: "badge warn" }, "Needs attention") : null),
      h("dl", { class: "figures" },
        term("Total", amount(inv.total, inv.currency), "invoice-total"),
        term("Amount due", amount(inv.amountDue, inv.currency), "invoice-due"),
        term("Paid", amount(inv.amountPaid, inv.currency)),
        term("Due date", inv.dueDate ?? "—"),
        term("Reference", inv.reference ?? "—"))),
    h("div", { class: "card-actions", role: "group", "aria-label": "Actions" },
      inv.actions.map((a) => actionButton(inv, a, reload))));
}

function term(name, value, testid) {
  return h("div", {}, h("dt", {}, name), h("dd", { testid }, value));
}

function actionButton(inv, availability, reload) {
  const label = ACTION_LABELS[availability.action] ?? availability.action;
  if (!availability.available) {
    return h("p", { class: "reason", testid: `reason-${availability.action}` },
      `${label}: ${availability.reason}`);
  }
  const run = {
    EDIT: () => openInvoiceDialog(inv, reload),
    RELABEL: () => openInvoiceDialog(inv, reload),
    MARK_AS_PAID: () => openPaymentDialog(inv, reload),
    EMAIL: () => emailInvoice(inv, reload),
  }[availability.action];
  return h("button", { type: "button", testid: `action-${availability.action}`, onclick: run }, label);
}

async function emailInvoice(inv, reload) {
  try {
    await mutate(EMAIL_INVOICE, { input: { invoiceId: inv.id } }, "emailInvoice");
    notify(`Invoice ${inv.number} emailed to the contact through Xero.`);
    await reload();
  } catch (err) {
    notifyError(err);
  }
}
