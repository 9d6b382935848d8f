// One opportunity: its products with their pills and ledger, and the Invoices section.

import { gql, mutate, problemText, TROUBLESHOOTING } from "./api.js";
import { amount, h, replace } from "./dom.js";
import { openContactDialog } from "./contact_dialog.js";
import { invoiceCards } from "./invoice_cards.js";
import { openInvoiceModal } from "./invoice_modal.js";
import { subscribe } from "./live.js";
import { notify, notifyError } from "./notice.js";
import { productsTable } from "./products_table.js";
import { schedulesList } from "./schedules_list.js";
import { OPPORTUNITY, OPPORTUNITY_CHANGED, SYNC_INVOICES } from "./queries.js";
import { session } from "./session.js";

const CUE_MS = 30000;
// The opportunity the page follows live, and how to stop following it.
let following = { id: null, stop: () => {} };
// What each shown article displays now (the menu and dialogs read it when used).
const shownOf = new WeakMap();

export async function showOpportunity(root, id) {
  let opp;
  try {
    opp = (await gql(OPPORTUNITY, { id })).opportunity;
  } catch (err) {
    return notifyError(err);
  }
  if ("message" in opp) return notify(problemText(opp), { error: true });
  const reload = () => showOpportunity(root, id);
  const shown = { opp, json: JSON.stringify(opp) };
  const article = h("article", { testid: "opportunity-detail", "aria-labelledby": "opp-title",
      "data-opportunity": opp.id },
    h("header", { class: "opp-header" },
      h("div", { testid: "opp-heading" }, h("h2", { id: "opp-title" }, opp.name), meta(opp)),
      actionsMenu(shown, reload)),
    productsSection(opp),
    invoicesSection(opp, reload));
  shownOf.set(article, shown);
  replace(root, article);
  follow(root, id, reload);
}

// Keep the open opportunity current: pushed changes (or polls) update it in place.
function follow(root, id, reload) {
  if (following.id === id) return;
  following.stop();
  const update = (opp) => updateInPlace(root, opp, reload);
  const stop = subscribe(OPPORTUNITY_CHANGED, { id }, {
    onData: (data) => update(data.opportunityChanged),
    poll: () => gql(OPPORTUNITY, { id }).then((data) => update(data.opportunity), () => {}),
  });
  following = { id, stop };
}

function updateInPlace(root, opp, reload) {
  const article = root.querySelector("[data-testid=opportunity-detail]");
  const shown = article && shownOf.get(article);
  if (!shown || !opp || "message" in opp || article.dataset.opportunity !== opp.id) return;
  const json = JSON.stringify(opp);
  if (json === shown.json) return;
  Object.assign(shown, { opp, json });
  article.querySelector("#opp-title").textContent = opp.name;
  article.querySelector("[data-testid=opp-meta]").replaceWith(meta(opp));
  article.querySelector("[data-testid=products-section]").replaceWith(productsSection(opp));
  article.querySelector("[data-testid=invoices]").replaceWith(invoicesSection(opp, reload));
  showCue(article);
}

function showCue(article) {
  article.querySelector("[data-testid=live-cue]")?.remove();
  const cue = h("span", { class: "live-cue", testid: "live-cue", role: "status" },
    "Updated just now");
  article.querySelector("[data-testid=opp-heading]").append(cue);
  setTimeout(() => cue.remove(), CUE_MS);
}

function meta(opp) {
  return h("p", { class: "meta", testid: "opp-meta" },
    `${opp.account?.name ?? "No account"} · ${amount(opp.amount, opp.currency)}`);
}

function productsSection(opp) {
  return h("section", { "aria-labelledby": "products-title", testid: "products-section" },
    h("h3", { id: "products-title" }, "Products"), productsTable(opp.products));
}

function actionsMenu(shown, reload) {
  const items = session.canSendInvoices()
    ? [h("button", { type: "button", testid: "open-invoice-modal",
        onclick: () => openInvoiceModal(shown.opp, reload) }, "Send Invoice"),
       h("button", { type: "button", testid: "sync-invoices",
        onclick: () => syncInvoices(shown.opp, reload) }, "Sync Invoices")]
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
