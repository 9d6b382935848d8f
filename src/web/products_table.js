// An opportunity's products: each line's payment-status pill and what Xero booked for it.

import { h } from "./dom.js";

export const STATUS_LABELS = {
  UNPAID: "Unpaid",
  DEPOSIT_INVOICED: "Deposit Invoiced",
  INVOICED: "Invoiced",
  PAID: "Paid",
};

export function pill(status) {
  if (!status) return h("span", { class: "pill" }, "Hidden");
  return h("span", { class: `pill pill-${status.toLowerCase().replace("_", "-")}`, testid: "pill" },
    STATUS_LABELS[status]);
}

export function productsTable(products) {
  if (!products.length) return h("p", { class: "empty" }, "No products on this opportunity.");
  return h("table", { class: "products", testid: "products" },
    h("thead", {}, h("tr", {}, ["Product", "Qty", "Unit price", "Amount", "Deposit %", "Status",
      "Invoiced (ex tax)", "Deposit invoiced (ex tax)", "Paid (ex tax)", "Credited (ex tax)"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, products.map(row)));
}

function row(p) {
  const ledger = p.ledger;
  const money = (key) => h("td", { class: "num", testid: `ledger-${key}` }, ledger ? ledger[key] : "—");
  return h("tr", { testid: "product-row", "data-product": p.name },
    h("th", { scope: "row" }, p.name,
      p.billingPeriod ? h("small", { class: "hint" }, ` billed ${p.billingPeriod.toLowerCase()}`) : null),
    h("td", { class: "num" }, p.quantity),
    h("td", { class: "num" }, p.unitPrice),
    h("td", { class: "num" }, p.lineAmount),
    h("td", { class: "num" }, p.depositPercent),
    h("td", {}, pill(p.paymentStatus)),
    money("invoiced"), money("depositInvoiced"), money("paid"), money("credited"));
}
