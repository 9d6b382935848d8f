// Ongoing billing: the Xero Repeating Invoices raised from this opportunity. Xero owns the
// cycle; stopping it is done in Xero.

import { h } from "./dom.js";

export function schedulesList(schedules) {
  if (!schedules?.length) return null;
  return h("div", { class: "schedules", testid: "schedules" },
    h("h4", {}, "Repeating invoices"),
    h("ul", {}, schedules.map(item)),
    h("p", { class: "hint" }, "Xero generates and sends each invoice. To stop a cycle, do so in Xero."));
}

function item(s) {
  const unit = s.unit === "WEEKLY" ? "week" : "month";
  const every = s.period === 1 ? `Every ${unit}` : `Every ${s.period} ${unit}s`;
  return h("li", { testid: "schedule", "data-status": s.status },
    h("strong", {}, every), ` from ${s.startDate}`, s.endDate ? ` to ${s.endDate}` : "",
    s.nextScheduledDate ? ` · next invoice ${s.nextScheduledDate}` : "",
    ` · ${s.autoEmail ? "emailed by Xero" : "not auto-emailed"}`,
    s.status === "STOPPED" ? h("span", { class: "badge warn" }, "Stopped") : null,
    s.reference ? h("small", { class: "hint" }, s.reference) : null);
}
