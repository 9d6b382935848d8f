// The invoice modal: pick a portion, tick lines, watch the API re-price the draft, send.
// Every figure shown comes from the API (`invoiceDraft`); the page never adds up money.

import { gql, mutate, problemText } from "./api.js";
import { amount, h, modal } from "./dom.js";
import { oneOffFields } from "./invoice_fields.js";
import { dialogError, notify } from "./notice.js";
import { ongoingFields } from "./ongoing_fields.js";
import { pill } from "./products_table.js";
import { CREATE_SCHEDULE, INVOICE_DRAFT, SEND_INVOICE } from "./queries.js";

const PORTIONS = [["FULL", "Full"], ["DEPOSIT", "Deposit"], ["BALANCE", "Balance"], ["ONGOING", "Ongoing"]];

export function openInvoiceModal(opp, reload) {
  const view = {
    opp, reload, draft: null, latest: 0,
    // One key per opening: a double click or a retry after a lost answer never bills twice.
    key: crypto.randomUUID(),
    lines: h("tbody", { testid: "draft-lines" }),
    totals: h("dl", { class: "totals", testid: "draft-totals" }),
    oneOff: oneOffFields(),
    ongoing: ongoingFields(),
    send: h("button", { type: "submit", class: "primary", testid: "send-invoice" }, "Send"),
  };
  const form = h("form", { class: "invoice-form", onsubmit: (e) => { e.preventDefault(); submit(view); } },
    portionPicker(view),
    h("table", { class: "lines" }, h("caption", {}, "Line items"),
      h("thead", {}, h("tr", {}, ["Bill", "Line", "Status", "Amount", "Tax"].map((c) => h("th", { scope: "col" }, c)))),
      view.lines),
    view.totals, view.oneOff.el, view.ongoing.el,
    h("p", { class: "error", role: "alert", testid: "dialog-error", hidden: true }),
    h("footer", {}, view.send));
  view.dialog = modal(`Invoice from ${opp.name}`, "invoice-modal", form);
  choosePortion(view, "FULL");
}

function portionPicker(view) {
  return h("fieldset", { class: "portions", testid: "portion-picker" }, h("legend", {}, "Invoice portion"),
    PORTIONS.map(([value, label]) => h("label", { class: "choice" },
      h("input", { type: "radio", name: "portion", value, checked: value === "FULL",
        testid: `portion-${value}`, onchange: () => choosePortion(view, value) }),
      label)));
}

async function choosePortion(view, portion) {
  view.portion = portion;
  // A hidden fieldset is also disabled, so its fields neither validate nor submit.
  for (const [fields, shown] of [[view.oneOff, portion !== "ONGOING"], [view.ongoing, portion === "ONGOING"]]) {
    fields.el.hidden = !shown;
    fields.el.disabled = !shown;
  }
  view.send.textContent = portion === "ONGOING" ? "Create Repeating Invoice" : "Send";
  const draft = await loadDraft(view, null);
  if (!draft) return;
  view.oneOff.fill(draft);
  view.ongoing.fill(draft);
}

// Ticking re-prices through the API; only the newest answer is shown.
async function loadDraft(view, selected) {
  const ticket = ++view.latest;
  view.dialog.querySelector("form").setAttribute("aria-busy", "true");
  try {
    const data = await gql(INVOICE_DRAFT, { id: view.opp.id, portion: view.portion, selected });
    const result = data.opportunity.invoiceDraft ?? data.opportunity;
    if ("message" in result) throw new Error(problemText(result));
    if (ticket !== view.latest) return null;
    view.draft = result;
    renderDraft(view);
    dialogError(view.dialog, null);
    return result;
  } catch (err) {
    if (ticket === view.latest) dialogError(view.dialog, err);
    return null;
  } finally {
    if (ticket === view.latest) view.dialog.querySelector("form").removeAttribute("aria-busy");
  }
}

function renderDraft(view) {
  const { draft } = view;
  view.lines.replaceChildren(...draft.lines.map((line) => lineRow(view, line)));
  view.totals.replaceChildren(
    h("dt", {}, "Subtotal"), h("dd", { testid: "draft-subtotal" }, amount(draft.subtotal, draft.currency)),
    h("dt", {}, "Tax"), h("dd", { testid: "draft-tax" }, amount(draft.totalTax, draft.currency)),
    h("dt", {}, "Total"), h("dd", { testid: "draft-total" }, amount(draft.total, draft.currency)));
  view.send.disabled = !draft.lines.some((l) => l.selected);
}

function lineRow(view, line) {
  const id = `line-${line.productId}`;
  const box = h("input", { type: "checkbox", id, checked: line.selected, disabled: !line.selectable,
    testid: "line-checkbox", "aria-describedby": line.reason ? `${id}-why` : null,
    onchange: () => loadDraft(view, tickedIds(view)) });
  return h("tr", { testid: "draft-line", "data-product": line.name, class: line.selectable ? null : "muted" },
    h("td", {}, box),
    h("td", {}, h("label", { for: id }, line.description),
      line.reason ? h("small", { class: "reason", id: `${id}-why` }, line.reason) : null),
    h("td", {}, pill(line.paymentStatus)),
    h("td", { class: "num" }, line.amount),
    h("td", { class: "num" }, line.tax));
}

function tickedIds(view) {
  return [...view.lines.querySelectorAll("input[type=checkbox]:checked")]
    .map((box) => box.id.slice("line-".length));
}

async function submit(view) {
  const productIds = view.draft.lines.filter((l) => l.selected).map((l) => l.productId);
  view.send.disabled = true;
  try {
    const message = view.portion === "ONGOING"
      ? await createSchedule(view, productIds)
      : await sendInvoice(view, productIds);
    view.dialog.close();
    notify(message);
    await view.reload();
  } catch (err) {
    dialogError(view.dialog, err);
    view.send.disabled = false;
  }
}

async function sendInvoice(view, productIds) {
  const input = { opportunityId: view.opp.id, portion: view.portion, productIds,
    idempotencyKey: view.key, ...view.oneOff.values() };
  const sent = await mutate(SEND_INVOICE, { input }, "sendInvoice");
  const emailed = sent.emailed === false ? ` It was not emailed: ${sent.emailError}` : "";
  return `Invoice ${sent.invoice.number} sent to Xero.${emailed}`;
}

async function createSchedule(view, productIds) {
  const input = { opportunityId: view.opp.id, productIds, idempotencyKey: view.key,
    ...view.ongoing.values() };
  await mutate(CREATE_SCHEDULE, { input }, "createRepeatingSchedule");
  return "Repeating invoice created in Xero: Xero sends each invoice on the schedule.";
}
