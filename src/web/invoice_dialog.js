// An invoice opened from its card: status, due date and reference write back to Xero;
// the portion label is local. Locked statuses (PAID, VOIDED, DELETED) are read-only.

import { mutate } from "./api.js";
import { field, h, modal, select } from "./dom.js";
import { dialogError, notify } from "./notice.js";
import { RELABEL_INVOICE, UPDATE_INVOICE } from "./queries.js";

const PORTIONS = [["", "No label"], ["FULL", "Full"], ["DEPOSIT", "Deposit"],
  ["BALANCE", "Balance"], ["ONGOING", "Ongoing"]];

export function openInvoiceDialog(inv, reload) {
  const can = Object.fromEntries(inv.actions.map((a) => [a.action, a]));
  const dialog = modal(`Invoice ${inv.number ?? ""}`, "invoice-dialog",
    h("p", { class: "error", role: "alert", testid: "dialog-error", hidden: true }),
    xeroFields(inv, can.EDIT, () => done(dialog, reload, "Invoice updated in Xero.")),
    labelField(inv, can.RELABEL, () => done(dialog, reload, "Portion label changed.")),
    linesList(inv));
  return dialog;
}

async function done(dialog, reload, message) {
  dialog.close();
  notify(message);
  await reload();
}

function xeroFields(inv, edit, onSaved) {
  const readOnly = !edit?.available;
  const statuses = [inv.status, ...inv.editableStatuses.filter((s) => s !== inv.status)];
  const status = select(statuses.map((s) => [s, s]), inv.status, { disabled: readOnly, testid: "edit-status" });
  const due = h("input", { type: "date", value: inv.dueDate ?? "", disabled: readOnly, testid: "edit-due-date" });
  const ref = h("input", { type: "text", value: inv.reference ?? "", disabled: readOnly, testid: "edit-reference" });
  const form = h("form", { class: "stack" },
    h("fieldset", {}, h("legend", {}, "In Xero"),
      readOnly ? h("p", { class: "reason" }, `Read-only: ${edit?.reason ?? "not editable"}`) : null,
      field("Status", status), field("Due date", due), field("Reference", ref),
      readOnly ? null : h("button", { type: "submit", testid: "save-invoice" }, "Save to Xero")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = { invoiceId: inv.id };
    if (status.value !== inv.status) input.status = status.value;
    if (due.value && due.value !== inv.dueDate) input.dueDate = due.value;
    if (ref.value !== (inv.reference ?? "")) input.reference = ref.value;
    save(form, UPDATE_INVOICE, input, "updateInvoice", onSaved);
  });
  return form;
}

function labelField(inv, relabel, onSaved) {
  if (!relabel?.available) return h("p", { class: "reason" }, `Portion label: ${relabel?.reason ?? "not available"}`);
  const portion = select(PORTIONS, inv.portion ?? "", { testid: "edit-portion" });
  const form = h("form", { class: "stack" },
    h("fieldset", {}, h("legend", {}, "Portion label (not sent to Xero)"),
      field("Label", portion),
      h("button", { type: "submit", testid: "save-label" }, "Change label")));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = { invoiceId: inv.id, portion: portion.value || null };
    save(form, RELABEL_INVOICE, input, "relabelInvoice", onSaved);
  });
  return form;
}

async function save(form, document, input, name, onSaved) {
  const dialog = form.closest("dialog");
  const button = form.querySelector("button[type=submit]");
  button.disabled = true;
  try {
    await mutate(document, { input }, name);
    await onSaved();
  } catch (err) {
    dialogError(dialog, err);
    button.disabled = false;
  }
}

function linesList(inv) {
  return h("table", { class: "lines" },
    h("caption", {}, "Lines"),
    h("thead", {}, h("tr", {}, ["Description", "Amount", "Tax"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, inv.lines.map((l) => h("tr", {},
      h("td", {}, l.description), h("td", { class: "num" }, l.lineAmount), h("td", { class: "num" }, l.taxAmount)))),
    h("tfoot", {}, h("tr", {}, h("th", { scope: "row" }, "Total"),
      h("td", { class: "num", colspan: 2 }, `${inv.currency} ${inv.total}`))));
}
