// The sidebar: opportunities, newest first, narrowed by the search box.

import { gql } from "./api.js";
import { amount, h, replace } from "./dom.js";
import { notifyError } from "./notice.js";
import { OPPORTUNITIES } from "./queries.js";

export async function listOpportunities(list, search) {
  let timer = null;
  search.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => render(list, search.value), 250);
  });
  await render(list, search.value);
}

async function render(list, term) {
  try {
    const data = await gql(OPPORTUNITIES, { search: term.trim() || null });
    const nodes = data.opportunities.nodes;
    replace(list, nodes.length ? nodes.map(item) : h("li", { class: "empty" }, "No matches."));
  } catch (err) {
    notifyError(err);
  }
}

function item(o) {
  return h("li", {},
    h("a", { href: `#/o/${encodeURIComponent(o.id)}`, testid: "opportunity-link" },
      h("span", { class: "name" }, o.name),
      h("span", { class: "meta" }, `${o.account?.name ?? "No account"} · ${amount(o.amount, o.currency)}`)));
}
