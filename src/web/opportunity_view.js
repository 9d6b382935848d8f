// One opportunity: its products with their pills and ledger, and the Invoices section.

import { gql, mutate, problemText, TROUBLESHOOTING } from "./api.js";
import { amount, h, replace } from "./dom.js";
import { openContactDialog } from "./contact_dialog.js";
import { invoiceCards } from "./invoice_cards.js";
import { openInvoiceModal } from "./invoice_modal.js";
import { notify, notifyError } from "./notice.js";
import { productsTable } from "./products_table.js";
import { schedulesList } from "./schedules_list.js";
import { OPPORTUNITY, SYNC_INVOICES } from "./queries.js";
import { session } from "./session.js";

export async function showOpportunity(root, id) {
  let opp;
  try {
    opp = (await gql(OPPORTUNITY, { id })).opportunity;
  } catch (err) {
    return notifyError(err);
  }
  if ("message" in opp) return notify(problemText(opp), { error: true });
  const reload = () => showOpportunity(root, id);
  replace(root, h("article", { testid: "opportunity-detail", "aria-labelledby": "opp-title" },
    h("header", { class: "opp-header" },
      h("div", {}, h("h2", { id: "opp-title" }, opp.name),
        h("p", { class: "meta" }, `${opp.account?.name ?? "No account"} · ${amount(opp.amount, opp.currency)}`)),
      actionsMenu(opp, reload)),
    h("section", { "aria-labelledby": "products-title" },
      h("h3", { id: "products-title" }, "Products"), productsTable(opp.products)),
    invoicesSection(opp, reload)));
}

function actionsMenu(opp, reload) {
  const items = session.canSendInvoices()
    ? [h("button", { type: "button", testid: "open-invoice-modal",
        onclick: () => openInvoiceModal(opp, reload) }, "Send Invoice"),
       h("button", { type: "button", testid: "sync-invoices",
        onclick: () => syncInvoices(opp, reload) }, "Sync Invoices")]
    : [h("p", { class: "reason", testid: "no-send-reason" }, `No Send Invoice: ${TROUBLESHOOTING}`)];
  const menu = h("details", { class: "menu", testid: "actions-menu" },
    h("summary", {}, "Actions"), h("div", { class: "menu-items" }, items));
  menu.addEventListener("click", (event) => {
    if (event.target.closest("button")) menu.open = false;
  });
  return menu;
}

async function syncInvoices(opp, reload) {
  notify("Syncing invoices with Xero…");
  try {
    const { syncRun } = await mutate(SYNC_INVOICES, { input: { opportunityId: opp.id } },
      "syncOpportunityInvoices");
    await reload();
    notify(syncRun.error ? `Sync failed: ${syncRun.error}`
      : `Invoices synced with Xero: ${syncRun.invoicesChanged} changed, ${syncRun.linesPromoted} lines updated.`,
      { error: Boolean(syncRun.error) });
  } catch (err) {
    notifyError(err);
  }
}

function invoicesSection(opp, reload) {
  const contact = opp.account?.xeroContactId
    ? h("p", { class: "meta", testid: "xero-contact" }, `Xero contact linked to ${opp.account.name}.`)
    : h("p", { class: "meta", testid: "no-contact" }, "No Xero contact. ",
        opp.account && session.canSendInvoices()
          ? h("button", { type: "button", testid: "add-contact",
              onclick: () => openContactDialog(opp, reload) }, "Add Contact")
          : null);
  return h("section", { "aria-labelledby": "invoices-title", testid: "invoices" },
    h("h3", { id: "invoices-title" }, "Invoices"), contact, invoiceCards(opp, reload),
    schedulesList(opp.repeatingSchedules));
}
