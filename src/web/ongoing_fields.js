// Ongoing: the Xero Repeating Invoice's schedule. Xero generates and sends every invoice.

import { field, h, select } from "./dom.js";

const UNITS = [["", "As the lines are billed"], ["MONTHLY", "Monthly"], ["WEEKLY", "Weekly"]];
const DUE_RULES = [
  ["DAYS_AFTER_BILL_DATE", "day(s) after the invoice date"],
  ["DAYS_AFTER_BILL_MONTH", "day(s) after the end of the invoice month"],
  ["OF_CURRENT_MONTH", "of the current month"],
  ["OF_FOLLOWING_MONTH", "of the following month"],
];

export function ongoingFields() {
  const unit = select(UNITS, "", { testid: "schedule-unit" });
  const period = h("input", { type: "number", min: 1, max: 12, value: 1, required: true, testid: "schedule-period" });
  const dueDay = h("input", { type: "number", min: 0, max: 31, value: 14, required: true, testid: "schedule-due-day" });
  const dueRule = select(DUE_RULES, "DAYS_AFTER_BILL_DATE", { testid: "schedule-due-rule" });
  const start = h("input", { type: "date", testid: "schedule-start" });
  const end = h("input", { type: "date", testid: "schedule-end" });
  const reference = h("input", { type: "text", maxlength: 255, testid: "schedule-reference" });
  const autoEmail = h("fieldset", { class: "choices", testid: "schedule-auto-email" },
    h("legend", {}, "Email"),
    h("label", { class: "choice" }, h("input", { type: "radio", name: "auto-email", value: "no", checked: true }),
      "Don't auto-email"),
    h("label", { class: "choice" }, h("input", { type: "radio", name: "auto-email", value: "yes" }),
      "Xero emails each invoice"));
  const el = h("fieldset", { class: "grid", testid: "ongoing-options", hidden: true },
    h("legend", {}, "Repeating invoice schedule"),
    field("Repeat", unit), field("Every (1–12)", period),
    h("div", { class: "field" }, h("span", { class: "label" }, "Due"),
      h("div", { class: "inline" }, dueDay, dueRule)),
    field("Start date", start, "Empty: one full period from today. Xero's first invoice comes one period after setup."),
    field("End date (optional)", end),
    field("Reference", reference), autoEmail);
  dueDay.setAttribute("aria-label", "Due day");
  dueRule.setAttribute("aria-label", "Due date rule");

  return {
    el,
    fill(draft) {
      reference.value = draft.reference;
    },
    values() {
      return {
        unit: unit.value || null,
        period: Number(period.value),
        dueDateRule: dueRule.value,
        dueDay: Number(dueDay.value),
        startDate: start.value || null,
        endDate: end.value || null,
        reference: reference.value || null,
        autoEmail: el.querySelector("input[name=auto-email]:checked").value === "yes",
      };
    },
  };
}
